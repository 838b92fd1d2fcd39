import type { components, Flag } from '@flagstaff/api-client';
import type { ManagedFlag } from './flags-file.ts';
import { canonical } from './yaml-values.ts';

type EnvironmentState = components['schemas']['EnvironmentState'];
type Rule = components['schemas']['Rule'];
type Serve = components['schemas']['Serve'];

/** The definition fields `apply` compares and sets, in the order a diff lists them. */
const FIELDS = ['name', 'description', 'type', 'owner', 'expiresAt', 'tags', 'variants'] as const;

/** One flag's change: a create or an update (then, if asked, archive or unarchive), with its diff. */
export interface PlannedChange {
  key: string;
  kind: 'create' | 'update';
  /** The version read when planning: every write names it (If-Match), so a flag edited since is refused. */
  version: number | null;
  /** POST /flags (create) or PATCH /flags/{key} (update) body; undefined when only the archive flag moves. */
  body: Record<string, unknown> | undefined;
  /** Archive (true) or unarchive (false) after the create or update. */
  archive: boolean | undefined;
  /** Human lines: `field: before → after`. */
  diff: string[];
}

/**
 * What `apply` must do to make the server hold the file's flags. Flags the file does not name, and
 * environments it does not describe for a flag, are left alone. Rule ids and a rule or rollout's
 * `percentage: 100` (the default) are not differences.
 */
export function planChanges(desired: ManagedFlag[], current: Map<string, Flag>): PlannedChange[] {
  const creates = byPrerequisites(desired.filter((flag) => !current.has(flag.key))).map(planCreate);
  const updates = desired.flatMap((flag) => {
    const existing = current.get(flag.key);
    const change = existing && planUpdate(flag, existing);
    return change ? [change] : [];
  });
  // New flags first (an update may name one as a prerequisite), each after the new flags it names.
  return [...creates, ...updates];
}

/** `flags` in file order, except that a flag comes after the flags of the list its rules name. */
function byPrerequisites(flags: ManagedFlag[]): ManagedFlag[] {
  const byKey = new Map(flags.map((flag) => [flag.key, flag]));
  const ordered: ManagedFlag[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (flag: ManagedFlag) => {
    if (placed.has(flag.key) || visiting.has(flag.key)) return; // a cycle is the server's to refuse
    visiting.add(flag.key);
    for (const state of Object.values(flag.environments)) {
      for (const rule of state.rules) {
        for (const condition of rule.conditions) {
          const named = condition.op === 'flag' ? byKey.get((condition as { flag: string }).flag) : undefined;
          if (named) place(named);
        }
      }
    }
    visiting.delete(flag.key);
    placed.add(flag.key);
    ordered.push(flag);
  };
  for (const flag of flags) place(flag);
  return ordered;
}

function planCreate(flag: ManagedFlag): PlannedChange {
  const body: Record<string, unknown> = {
    key: flag.key,
    type: flag.type,
    name: flag.name,
    description: flag.description,
    tags: flag.tags,
    variants: flag.variants,
    environments: flag.environments,
  };
  if (flag.owner !== null) body.owner = flag.owner;
  if (flag.expiresAt !== null) body.expiresAt = flag.expiresAt;
  const diff = [`new ${flag.type} flag${flag.owner ? ` owned by ${flag.owner}` : ''}`];
  for (const env of Object.keys(flag.environments))
    diff.push(`environments.${env}: ${describeState(flag.environments[env])}`);
  if (flag.archived) diff.push('archived: false → true');
  return {
    key: flag.key,
    kind: 'create',
    version: null,
    body,
    archive: flag.archived ? true : undefined,
    diff,
  };
}

function planUpdate(flag: ManagedFlag, existing: Flag): PlannedChange | undefined {
  const body: Record<string, unknown> = {};
  const diff: string[] = [];
  for (const field of FIELDS) {
    if (canonical(flag[field]) !== canonical(existing[field])) {
      body[field] = flag[field];
      diff.push(`${field}: ${show(existing[field])} → ${show(flag[field])}`);
    }
  }
  const environments: Record<string, EnvironmentState> = {};
  for (const [env, state] of Object.entries(flag.environments)) {
    const before = existing.environments[env];
    if (before && canonical(normalised(before)) === canonical(normalised(state))) continue;
    environments[env] = { ...state, rules: withIds(state.rules, before?.rules ?? []) };
    for (const line of stateDiff(before, state)) diff.push(`environments.${env}.${line}`);
  }
  if (Object.keys(environments).length > 0) body.environments = environments;
  const archive = flag.archived !== existing.archived ? flag.archived : undefined;
  if (archive !== undefined) diff.push(`archived: ${existing.archived} → ${flag.archived}`);
  if (diff.length === 0) return undefined;
  return {
    key: flag.key,
    kind: 'update',
    version: existing.version,
    body: Object.keys(body).length > 0 ? body : undefined,
    archive,
    diff,
  };
}

/** A state as compared: rules without ids, `percentage: 100` left out (it is the default). */
function normalised(state: EnvironmentState) {
  return {
    enabled: state.enabled,
    offVariant: state.offVariant,
    clientVisible: state.clientVisible,
    fallthrough: serveOf(state.fallthrough),
    rules: state.rules.map(({ id: _id, ...rule }) => ({ ...rule, serve: serveOf(rule.serve) })),
  };
}

function serveOf(serve: Serve): Serve {
  const { percentage, ...rest } = serve;
  return percentage === undefined || percentage === 100 ? rest : { ...rest, percentage };
}

/** Keeps a rule's id where the rule at that place is the same rule: explanations keep naming it. */
function withIds(rules: Rule[], before: Rule[]): Rule[] {
  return rules.map((rule, index) => {
    const old = before[index];
    if (!old?.id) return rule;
    const { id: _id, ...oldRule } = old;
    const same =
      canonical({ ...oldRule, serve: serveOf(oldRule.serve) }) ===
      canonical({ ...rule, serve: serveOf(rule.serve) });
    return same ? { ...rule, id: old.id } : rule;
  });
}

function stateDiff(before: EnvironmentState | undefined, after: EnvironmentState): string[] {
  if (!before) return [`(new environment state): ${describeState(after)}`];
  const a = normalised(before);
  const b = normalised(after);
  return (['enabled', 'offVariant', 'fallthrough', 'rules', 'clientVisible'] as const)
    .filter((field) => canonical(a[field]) !== canonical(b[field]))
    .map((field) => `${field}: ${show(a[field])} → ${show(b[field])}`);
}

function describeState(state: EnvironmentState | undefined): string {
  if (!state) return '-';
  return `${state.enabled ? 'enabled' : 'disabled'}, serving ${show(serveOf(state.fallthrough))}, ${state.rules.length} rules`;
}

function show(value: unknown): string {
  return value === undefined ? '-' : JSON.stringify(value);
}
