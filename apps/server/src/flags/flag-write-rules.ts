import type { Condition } from '@flagstaff/evaluator';
import type { NewDomainEvent } from '../events/domain-event.ts';
import type { EnvironmentState, FlagDocument } from './flag-document.ts';

/** What a write did, as the audit log and the outbox name it. */
export type FlagAction =
  | 'flag.created'
  | 'flag.updated'
  | 'flag.archived'
  | 'flag.unarchived'
  | 'flag.restored'
  | 'flag.expiry_extended';

/** Fields every environment serves: changing one changes what each environment serves. */
const SHARED_SERVED_FIELDS = ['type', 'variants', 'archived', 'salt'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The environments whose served configuration differs between `current` and `next` (all of them for a
 * new flag or a change of a shared field). A name, description, owner, tag or expiry change serves
 * nothing new: no environment's revision moves, and no SDK hears of it.
 */
export function changedEnvironments(
  current: FlagDocument | null,
  next: FlagDocument,
  envs: string[],
): string[] {
  if (current === null || SHARED_SERVED_FIELDS.some((field) => !same(current[field], next[field]))) {
    return [...envs];
  }
  return envs.filter((env) => !same(current.environments[env], next.environments[env]));
}

/** The flag's prerequisite edges (`flag` conditions) in every environment, as a sorted list. */
function prerequisiteEdges(flag: FlagDocument): string[] {
  const edges = new Set<string>();
  for (const [env, state] of Object.entries(flag.environments)) {
    for (const rule of state.rules) {
      for (const condition of rule.conditions as Condition[]) {
        if (condition.op === 'flag') edges.add(`${env}\u0000${condition.flag}`);
      }
    }
  }
  return [...edges].sort();
}

/** Whether the write adds or removes a prerequisite: such writes are serialised (a cycle needs two). */
export function prerequisitesChanged(current: FlagDocument | null, next: FlagDocument): boolean {
  return !same(current === null ? [] : prerequisiteEdges(current), prerequisiteEdges(next));
}

function withoutEnabled(state: EnvironmentState | undefined) {
  if (!state) return state;
  const { enabled: _enabled, ...rest } = state;
  return rest;
}

/**
 * Whether the write only turns the flag off (in one or more environments), changing nothing else. The
 * kill switch must always work, whatever the rest of the flag looks like: such a write skips validation.
 */
export function isOnlyDisabling(current: FlagDocument, next: FlagDocument): boolean {
  const { environments: a, ...restA } = current;
  const { environments: b, ...restB } = next;
  if (!same(restA, restB)) return false;
  let disabled = false;
  for (const env of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const before = a[env];
    const after = b[env];
    if (!same(withoutEnabled(before), withoutEnabled(after))) return false;
    if (before?.enabled === after?.enabled) continue;
    if (after?.enabled !== false) return false;
    disabled = true;
  }
  return disabled;
}

/** Whether the write only archives or unarchives the flag. */
export function isOnlyArchiveToggle(current: FlagDocument, next: FlagDocument): boolean {
  return current.archived !== next.archived && same({ ...current, archived: next.archived }, next);
}

/** The environment an audit record names: the one environment a write changed, else none. */
export function auditEnvironment(changed: string[], envs: string[]): string | null {
  return changed.length === 1 && envs.length > 1 ? changed[0]! : null;
}

const VERBS: Record<FlagAction, string> = {
  'flag.created': 'was created',
  'flag.updated': 'was changed',
  'flag.archived': 'was archived',
  'flag.unarchived': 'was unarchived',
  'flag.restored': 'was restored to an earlier version',
  'flag.expiry_extended': 'had its expiry extended',
};

/** The outbox event of a flag write. */
export function flagEvent(
  action: FlagAction,
  flag: FlagDocument,
  version: number,
  actor: string,
  changed: string[],
  envs: string[],
): NewDomainEvent {
  return {
    type: action,
    environment: auditEnvironment(changed, envs),
    subject: { kind: 'flag', key: flag.key },
    message: `${flag.key} ${VERBS[action]} by ${actor}`,
    data: { version, actor, environments: changed, owner: flag.owner },
  };
}
