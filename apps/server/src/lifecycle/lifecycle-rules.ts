import type { Serve } from '@flagstaff/evaluator';
import { defaultEnvironmentState, type EnvironmentState, type FlagDocument } from '../flags/flag-document.ts';
import type { StageView } from '../flags/flag-lifecycle-port.ts';

export { LIFECYCLE_STAGES, type LifecycleStage, type StageView } from '../flags/flag-lifecycle-port.ts';

/** Why a flag is due for cleanup; each with when it started and its age. */
export const CLEANUP_REASONS = [
  'expired',
  'expiring_soon',
  'settled',
  'not_evaluated',
  'archived_but_evaluated',
] as const;
export type CleanupCode = (typeof CLEANUP_REASONS)[number];

/** What is known about one flag beyond its document, per environment. */
export interface EnvironmentFacts {
  /** When what this environment serves last changed (the version that set it). */
  servedChangedAt: Date;
  /** First and last SDK evaluation seen here. */
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  /** A rollout plan is running or paused here. */
  activePlan: boolean;
}

export interface FlagFacts {
  flag: FlagDocument;
  /** When the flag was last written (for an archived flag: when it was archived). */
  updatedAt: Date;
  environments: Record<string, EnvironmentFacts>;
}

export interface LifecyclePolicy {
  /** At 100% (or 0%) everywhere and unchanged for longer than this: cleanup due (the playbook's 30 days). */
  staleAfterDays: number;
  /** Not evaluated by any SDK for this long: stale. */
  unseenAfterDays: number;
  /** An expiry this close is reported as coming. */
  expiringWithinDays: number;
  /** Evaluations this long after archiving are an SDK's last flush, not use. */
  archiveGraceMs: number;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  staleAfterDays: 30,
  unseenAfterDays: 30,
  expiringWithinDays: 7,
  archiveGraceMs: 10 * 60_000,
};

export interface CleanupReason {
  code: CleanupCode;
  environment: string | null;
  since: string;
  ageDays: number;
  message: string;
}

const DAY = 86_400_000;

/** Types meant to live for good (kill switches, entitlements): no expiry, never "settled". */
const PERMANENT_TYPES = new Set(['ops', 'permission']);

/** The one variant a serve gives every unit it covers, if it gives one to all of them. */
function wholeVariant(serve: Serve): string | undefined {
  if ((serve.percentage ?? 100) !== 100) return undefined;
  if (serve.variant !== undefined) return serve.variant;
  const arms = (serve.split ?? []).filter((arm) => arm.weight > 0);
  return arms.length === 1 ? arms[0]?.variant : undefined;
}

/** The variant everyone gets in this state, when everyone gets the same one. */
export function servedToEveryone(state: EnvironmentState): string | undefined {
  if (!state.enabled) return state.offVariant;
  const fallthrough = wholeVariant(state.fallthrough);
  if (fallthrough === undefined) return undefined;
  return state.rules.every((rule) => wholeVariant(rule.serve) === fallthrough) ? fallthrough : undefined;
}

/** Serves something other than the off variant to a share of units (a gate or a split). */
function partial(serve: Serve, offVariant: string): boolean {
  const percentage = serve.percentage ?? 100;
  if (percentage <= 0) return false;
  if (serve.split)
    return serve.split.filter((arm) => arm.weight > 0 && arm.variant !== offVariant).length > 0;
  return serve.variant !== offVariant && percentage < 100;
}

function servesOn(serve: Serve, offVariant: string): boolean {
  if ((serve.percentage ?? 100) <= 0) return false;
  if (serve.split) return serve.split.some((arm) => arm.weight > 0 && arm.variant !== offVariant);
  return serve.variant !== offVariant;
}

const iso = (date: Date) => date.toISOString();
const expiry = (flag: FlagDocument) =>
  flag.expiresAt === null || PERMANENT_TYPES.has(flag.type) ? null : new Date(flag.expiresAt);

/** The stage of a flag in one environment. */
export function stageOf(
  facts: FlagFacts,
  environment: string,
  now: Date,
  policy: LifecyclePolicy,
): StageView {
  const { flag } = facts;
  if (flag.archived) return { stage: 'archived', since: iso(facts.updatedAt) };
  const env = facts.environments[environment];
  const state = flag.environments[environment] ?? defaultEnvironmentState(flag.variants);
  const changedAt = env?.servedChangedAt ?? new Date(flag.createdAt);
  const expiresAt = expiry(flag);
  if (expiresAt && expiresAt <= now) return { stage: 'cleanup_due', since: iso(expiresAt) };
  const everyone = servedToEveryone(state);
  if (everyone !== undefined && everyone !== state.offVariant) {
    const dueAt = new Date(changedAt.getTime() + policy.staleAfterDays * DAY);
    if (!PERMANENT_TYPES.has(flag.type) && dueAt <= now) return { stage: 'cleanup_due', since: iso(dueAt) };
    return { stage: 'full', since: iso(changedAt) };
  }
  if (env?.activePlan || (state.enabled && partial(state.fallthrough, state.offVariant))) {
    return { stage: 'canary', since: iso(changedAt) };
  }
  if (state.enabled && state.rules.some((rule) => servesOn(rule.serve, state.offVariant))) {
    return { stage: 'test', since: iso(changedAt) };
  }
  if (env?.firstSeenAt) return { stage: 'code_deployed', since: iso(env.firstSeenAt) };
  return { stage: 'created', since: flag.createdAt };
}

function reason(code: CleanupCode, environment: string | null, since: Date, now: Date, message: string) {
  return {
    code,
    environment,
    since: iso(since),
    ageDays: Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY)),
    message,
  };
}

const days = (ms: number) => Math.floor(ms / DAY);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why this flag is due for cleanup (none: it is not), oldest facts first. */
export function cleanupReasons(facts: FlagFacts, now: Date, policy: LifecyclePolicy): CleanupReason[] {
  const { flag } = facts;
  const reasons: CleanupReason[] = [];
  const envs = Object.keys(facts.environments);
  const seen = envs
    .map((env) => ({ env, at: facts.environments[env]?.lastSeenAt ?? null }))
    .filter((s): s is { env: string; at: Date } => s.at !== null);

  if (flag.archived) {
    const archivedAt = facts.updatedAt;
    for (const { env, at } of seen) {
      if (at.getTime() > archivedAt.getTime() + policy.archiveGraceMs) {
        reasons.push(
          reason(
            'archived_but_evaluated',
            env,
            archivedAt,
            now,
            `archived ${plural(days(now.getTime() - archivedAt.getTime()), 'day')} ago but still evaluated in ${env} (last ${iso(at)})`,
          ),
        );
      }
    }
    return reasons;
  }

  const expiresAt = expiry(flag);
  if (expiresAt && expiresAt <= now) {
    reasons.push(
      reason(
        'expired',
        null,
        expiresAt,
        now,
        `expired ${plural(days(now.getTime() - expiresAt.getTime()), 'day')} ago`,
      ),
    );
  } else if (expiresAt && expiresAt.getTime() - now.getTime() <= policy.expiringWithinDays * DAY) {
    const left = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY);
    reasons.push(
      reason(
        'expiring_soon',
        null,
        new Date(expiresAt.getTime() - policy.expiringWithinDays * DAY),
        now,
        `expires in ${plural(left, 'day')} (${iso(expiresAt).slice(0, 10)})`,
      ),
    );
  }

  if (!PERMANENT_TYPES.has(flag.type) && envs.length > 0) {
    const served = envs.map((env) =>
      servedToEveryone(flag.environments[env] ?? defaultEnvironmentState(flag.variants)),
    );
    if (served.every((variant) => variant !== undefined)) {
      const lastChange = Math.max(
        ...envs.map((env) => facts.environments[env]?.servedChangedAt.getTime() ?? 0),
      );
      if (now.getTime() - lastChange > policy.staleAfterDays * DAY) {
        const what = [...new Set(served)].join(' / ');
        reasons.push(
          reason(
            'settled',
            null,
            new Date(lastChange),
            now,
            `serves ${what} to everyone in every environment, unchanged for ${plural(days(now.getTime() - lastChange), 'day')}`,
          ),
        );
      }
    }
  }

  const lastSeen = seen.reduce<{ env: string; at: Date } | undefined>(
    (latest, s) => (latest && latest.at >= s.at ? latest : s),
    undefined,
  );
  const quietSince = lastSeen?.at ?? new Date(flag.createdAt);
  if (now.getTime() - quietSince.getTime() > policy.unseenAfterDays * DAY) {
    const age = plural(days(now.getTime() - quietSince.getTime()), 'day');
    reasons.push(
      reason(
        'not_evaluated',
        null,
        quietSince,
        now,
        lastSeen
          ? `not evaluated by any SDK for ${age} (last in ${lastSeen.env})`
          : `never evaluated by an SDK (created ${age} ago)`,
      ),
    );
  }
  return reasons;
}
