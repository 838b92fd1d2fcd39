import type { Flag, Segment } from '@flagstaff/api-client';
import type { Segment as EvaluatorSegment, FlagConfig } from '@flagstaff/evaluator';
import { validateFlag } from '@flagstaff/evaluator/validate';
import type { ManagedFlag } from './flags-file.ts';
import type { PlannedChange } from './flags-plan.ts';
import type { Path, PathIssues } from './path-issues.ts';
import { canonical } from './yaml-values.ts';

export interface ServerState {
  environments: string[];
  segments: Segment[];
  flags: Map<string, Flag>;
  now: Date;
}

/** A flag's document as the evaluator reads it in one environment. */
type FlagLike = Pick<ManagedFlag, 'key' | 'type' | 'variants' | 'environments'> & { salt?: string };

function configOf(flag: FlagLike, env: string): FlagConfig | undefined {
  const state = flag.environments[env];
  if (!state) return undefined;
  return {
    key: flag.key,
    type: flag.type,
    // A new flag has no salt yet; any valid one checks the same.
    salt: flag.salt ?? 'planned',
    variants: flag.variants,
    enabled: state.enabled,
    offVariant: state.offVariant,
    rules: state.rules.map((rule, index) => ({ ...rule, id: rule.id ?? `planned_${index}` })),
    fallthrough: state.fallthrough,
  } as FlagConfig;
}

/**
 * The checks the server would make, made before the first write so that a file is applied whole or
 * not at all: the environments exist, the type policy (owner and expiry for release and experiment
 * flags, a future expiry when it changes, no percentages for permission flags), and the evaluator's
 * own validation of each environment (variants, rules, segments and prerequisites that exist, no
 * cycles), against the server's segments and the flags as they will be after the apply. The
 * server's maximum lifetime per type is the one check left to the write itself.
 */
export function checkAgainstServer(flags: ManagedFlag[], server: ServerState, issues: PathIssues): void {
  const segments: EvaluatorSegment[] = server.segments.map((segment) => ({
    key: segment.key,
    included: segment.included,
    excluded: segment.excluded,
    conditions: segment.conditions as NonNullable<EvaluatorSegment['conditions']>,
  }));
  // Every flag as it will be: the server's, with the file's flags and environments over them.
  const after = new Map<string, FlagLike>(server.flags);
  for (const flag of flags) {
    const current = server.flags.get(flag.key);
    after.set(flag.key, { ...flag, environments: { ...current?.environments, ...flag.environments } });
  }
  for (const flag of flags) {
    const current = server.flags.get(flag.key);
    checkPolicy(flag, current, server.now, issues);
    for (const [env, path] of Object.entries(flag.environmentPaths)) {
      if (!server.environments.includes(env)) {
        issues.add(path, `there is no environment ${env} (there are: ${server.environments.join(', ')})`);
        continue;
      }
      const config = configOf({ ...flag, ...(current ? { salt: current.salt } : {}) }, env);
      const others = [...after.values()]
        .filter((other) => other.key !== flag.key)
        .flatMap((other) => configOf(other, env) ?? []);
      const result = validateFlag(config, { flags: others, segments });
      if (result.ok) continue;
      for (const issue of result.issues) {
        const where = placeOf(flag, env, path, issue.path);
        const field =
          issue.path[0] === 'variants' ? issue.path.join('.') : `environments.${env}.${issue.path.join('.')}`;
        issues.add(where, `${field}: ${issue.message}`);
      }
    }
  }
}

/** The file's place for an evaluator issue: the rule's entry, the rollout, `default`, or the variants. */
function placeOf(
  flag: ManagedFlag,
  env: string,
  environmentPath: Path,
  issuePath: readonly (string | number)[],
): Path {
  const [first, index] = issuePath;
  if (first === 'variants') return [...flag.path, 'variants'];
  if (first === 'rules' && typeof index === 'number') return flag.rulePaths[env]?.[index] ?? environmentPath;
  if (first === 'fallthrough') return [...environmentPath, 'rollout'];
  if (first === 'offVariant') return [...environmentPath, 'default'];
  return environmentPath;
}

function checkPolicy(flag: ManagedFlag, current: Flag | undefined, now: Date, issues: PathIssues) {
  if (flag.type === 'release' || flag.type === 'experiment') {
    if (flag.owner === null)
      issues.add([...flag.path, 'owner'], `an owner is required for ${flag.type} flags`);
    if (flag.expiresAt === null)
      issues.add([...flag.path, 'expires'], `an expiry is required for ${flag.type} flags`);
  }
  const expiryChanged = flag.expiresAt !== (current?.expiresAt ?? null);
  if (expiryChanged && flag.expiresAt !== null && Date.parse(flag.expiresAt) <= now.getTime()) {
    issues.add([...flag.path, 'expires'], 'must be in the future');
  }
  if (flag.type !== 'permission') return;
  for (const [env, state] of Object.entries(flag.environments)) {
    const random = [state.fallthrough, ...state.rules.map((rule) => rule.serve)].some(
      (serve) => serve.split !== undefined || (serve.percentage !== undefined && serve.percentage < 100),
    );
    if (random) {
      issues.add(
        flag.environmentPaths[env] ?? flag.path,
        'permission flags target people and segments: no percentage or split',
      );
    }
  }
}

/**
 * An archived flag is read-only on the server until it is unarchived: a file that keeps a flag
 * archived (`archived: true`) and changes it anyway is refused here, before any write.
 */
export function checkArchivedEdits(
  changes: PlannedChange[],
  flags: ManagedFlag[],
  current: Map<string, Flag>,
  issues: PathIssues,
): void {
  const byKey = new Map(flags.map((flag) => [flag.key, flag]));
  for (const change of changes) {
    if (change.kind !== 'update' || !change.body || change.archive !== undefined) continue;
    const flag = current.get(change.key);
    if (!flag?.archived || onlyTurnsOff(change.body, flag)) continue;
    issues.add(
      [...(byKey.get(change.key)?.path ?? [])],
      `flag ${change.key} is archived and read-only: set archived: false to change it`,
    );
  }
}

/** Whether a change only turns environments off: the kill switch works on an archived flag too. */
function onlyTurnsOff(body: Record<string, unknown>, flag: Flag): boolean {
  if (Object.keys(body).some((field) => field !== 'environments')) return false;
  const states = Object.entries(body.environments as Flag['environments']);
  return states.every(([env, state]) => {
    const before = flag.environments[env];
    return (
      before !== undefined && !state.enabled && canonical({ ...before, enabled: false }) === canonical(state)
    );
  });
}
