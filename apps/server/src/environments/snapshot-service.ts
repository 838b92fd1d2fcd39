import {
  type Condition,
  compileSnapshot,
  type Evaluation,
  type EvaluationContext,
  evaluate,
  type FlagConfig,
  type JsonValue,
  type Rule,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { defaultEnvironmentState, valueType } from '../flags/flag-document.ts';
import { toSegment } from '../flags/flag-loader.ts';
import { type EnvironmentFlagRow, listFlagsInEnvironment } from '../flags/flags-repository.ts';
import { listSegments } from '../segments/segments-repository.ts';
import { findEnvironment } from './environments-repository.ts';

export interface Explanation {
  flag: string;
  environment: string;
  flagVersion: number;
  archived: boolean;
  evaluation: Evaluation;
  /** The rule that decided the result, when one did. */
  matchedRule: Rule | null;
}

function segmentKeysOf(rules: Rule[]): Set<string> {
  const keys = new Set<string>();
  const visit = (c: Condition) => {
    if (c.op === 'segment') for (const s of c.segments) keys.add(s);
  };
  for (const rule of rules) rule.conditions.forEach(visit);
  return keys;
}

type Audience = 'server' | 'client';

/** The evaluator's flag from one environment's row; no state row yet means the creation defaults. */
function toEnvironmentFlagConfig(row: EnvironmentFlagRow): FlagConfig {
  const state =
    row.enabled === null
      ? defaultEnvironmentState(row.variants)
      : {
          enabled: row.enabled,
          offVariant: row.offVariant!,
          rules: row.rules!,
          fallthrough: row.fallthrough!,
        };
  return {
    key: row.key,
    type: row.type as FlagConfig['type'],
    salt: row.salt,
    variants: row.variants,
    enabled: state.enabled,
    offVariant: state.offVariant,
    rules: state.rules,
    fallthrough: state.fallthrough,
    version: row.version,
  };
}

export function createSnapshotService(db: Db) {
  /** One environment's flags and segments as one consistent read, in three queries. */
  async function read(environment: string, includeArchived: boolean) {
    return db.transaction(
      async (tx) => {
        const env = await findEnvironment(tx, environment);
        if (!env) throw new NotFoundError(`Environment ${environment}`);
        const rows = (await listFlagsInEnvironment(tx, environment)).filter(
          (r) => includeArchived || !r.archived,
        );
        const segments = (await listSegments(tx)).map(toSegment);
        return { revision: env.revision, rows, segments };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /** What an SDK receives. Client audiences get only client-visible flags and the segments they name. */
  function shape(environment: string, audience: Audience, found: Awaited<ReturnType<typeof read>>): Snapshot {
    const { revision, rows, segments } = found;
    const visible = audience === 'server' ? rows : rows.filter((r) => r.clientVisible === true);
    const flags = visible.map(toEnvironmentFlagConfig);
    const named = new Set(flags.flatMap((f) => [...segmentKeysOf(f.rules)]));
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      environment,
      revision,
      flags,
      segments: audience === 'server' ? segments : segments.filter((s) => named.has(s.key)),
    };
  }

  return {
    async snapshot(environment: string, audience: Audience): Promise<Snapshot> {
      return shape(environment, audience, await read(environment, false));
    },

    /** Both audiences from one read (live delivery: same revision, half the queries). */
    async snapshots(environment: string): Promise<Record<Audience, Snapshot>> {
      const found = await read(environment, false);
      return { server: shape(environment, 'server', found), client: shape(environment, 'client', found) };
    },

    async revision(environment: string): Promise<number> {
      const env = await findEnvironment(db, environment);
      if (!env) throw new NotFoundError(`Environment ${environment}`);
      return env.revision;
    },

    /** Why a context gets what it gets: the evaluator's answer with its reason, rule and bucket. */
    async explain(flagKey: string, environment: string, context: EvaluationContext): Promise<Explanation> {
      const { revision, rows, segments } = await read(environment, true);
      const row = rows.find((r) => r.key === flagKey);
      if (!row) throw new NotFoundError(`Flag ${flagKey}`);
      const flags = rows.map(toEnvironmentFlagConfig);
      const flag = flags.find((f) => f.key === flagKey)!;
      const compiled = compileSnapshot({
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        environment,
        revision,
        flags,
        segments,
      });
      const offValue: JsonValue = flag.variants.find((v) => v.key === flag.offVariant)?.value ?? null;
      const evaluation = evaluate(compiled, flagKey, context, offValue, valueType(flag.variants));
      const matchedRule =
        evaluation.ruleIndex === undefined ? null : (flag.rules[evaluation.ruleIndex] ?? null);
      return {
        flag: flagKey,
        environment,
        flagVersion: row.version,
        archived: row.archived,
        evaluation,
        matchedRule,
      };
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
