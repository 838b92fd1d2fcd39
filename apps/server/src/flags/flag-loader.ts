import type { Segment } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { SegmentRow } from '../segments/segments-repository.ts';
import { defaultEnvironmentState, type FlagView, lifecycleState } from './flag-document.ts';
import { type FlagEnvironmentRow, type FlagRow, findEnvironmentStates } from './flags-repository.ts';

export function toFlagView(
  row: FlagRow,
  states: FlagEnvironmentRow[],
  environmentKeys: string[],
  now: Date,
): FlagView {
  const byEnvironment = new Map(states.map((s) => [s.environmentKey, s]));
  const environments: FlagView['environments'] = {};
  for (const env of environmentKeys) {
    const s = byEnvironment.get(env);
    environments[env] = s
      ? {
          enabled: s.enabled,
          offVariant: s.offVariant,
          rules: s.rules,
          fallthrough: s.fallthrough,
          clientVisible: s.clientVisible,
        }
      : defaultEnvironmentState(row.variants);
  }
  const expiresAt = row.expiresAt?.toISOString() ?? null;
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    type: row.type as FlagView['type'],
    owner: row.owner,
    tags: row.tags,
    variants: row.variants,
    salt: row.salt,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    expiresAt,
    environments,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    state: lifecycleState({ archived: row.archived, expiresAt }, now),
  };
}

/** Flag rows with their per-environment state, in two queries whatever the number of flags. */
export async function loadFlagViews(
  db: Db,
  rows: FlagRow[],
  environmentKeys: string[],
  now: Date,
): Promise<FlagView[]> {
  const states = await findEnvironmentStates(
    db,
    rows.map((r) => r.key),
  );
  const byFlag = new Map<string, FlagEnvironmentRow[]>();
  for (const s of states) {
    const list = byFlag.get(s.flagKey) ?? [];
    list.push(s);
    byFlag.set(s.flagKey, list);
  }
  return rows.map((row) => toFlagView(row, byFlag.get(row.key) ?? [], environmentKeys, now));
}

export function toSegment(row: SegmentRow): Segment {
  return { key: row.key, included: row.included, excluded: row.excluded, conditions: row.conditions };
}
