import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import { insertEvents } from '../events/outbox-repository.ts';
import type { FlagView } from '../flags/flag-document.ts';
import { loadFlagViews } from '../flags/flag-loader.ts';
import { listAllFlags } from '../flags/flags-repository.ts';
import { type CleanupReport, expiredEvent, groupByOwner, ownerEvent } from './cleanup-report.ts';
import { claimRun, currentMarks, finishRun, type Mark, markKey, replaceMarks } from './cleanup-repository.ts';
import { loadFlagFacts } from './lifecycle-facts.ts';
import {
  type CleanupReason,
  cleanupReasons,
  type FlagFacts,
  LIFECYCLE_STAGES,
  type LifecyclePolicy,
  type LifecycleStage,
  type StageView,
  stageOf,
} from './lifecycle-rules.ts';

export interface CleanupRunSummary {
  ranAt: string;
  flagged: number;
  owners: number;
  notified: number;
}

export interface ReportFilter {
  owner?: string | undefined;
  environment?: string | undefined;
}

export type LifecycleByEnvironment = Record<string, StageView>;

/** Every flag's facts (archived included), read in the caller's transaction. */
async function allFacts(db: Db, now: Date): Promise<FlagFacts[]> {
  const envs = (await listEnvironments(db)).map((env) => env.key);
  return loadFlagFacts(db, await loadFlagViews(db, await listAllFlags(db), envs, now));
}

export function createLifecycleService(deps: { db: Db; clock: () => Date; policy: LifecyclePolicy }) {
  const { db, clock, policy } = deps;

  const reasonsOf = (facts: FlagFacts[], now: Date) =>
    facts.map((f) => ({ facts: f, reasons: cleanupReasons(f, now, policy) }));

  return {
    policy,

    async environmentExists(key: string): Promise<boolean> {
      return (await listEnvironments(db)).some((env) => env.key === key);
    },

    /** The lifecycle stage of each flag in each environment, keyed by flag. */
    async stages(views: FlagView[]): Promise<Map<string, LifecycleByEnvironment>> {
      const now = clock();
      const stages = new Map<string, LifecycleByEnvironment>();
      for (const facts of await loadFlagFacts(db, views)) {
        const byEnv: LifecycleByEnvironment = {};
        for (const env of Object.keys(facts.environments)) byEnv[env] = stageOf(facts, env, now, policy);
        stages.set(facts.flag.key, byEnv);
      }
      return stages;
    },

    /** How many flags are at each stage, per environment. */
    async summary(): Promise<{ environments: Record<string, Record<LifecycleStage, number>> }> {
      const now = clock();
      const environments: Record<string, Record<LifecycleStage, number>> = {};
      for (const facts of await allFacts(db, now)) {
        for (const env of Object.keys(facts.environments)) {
          const counts =
            environments[env] ??
            (Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<
              LifecycleStage,
              number
            >);
          counts[stageOf(facts, env, now, policy).stage] += 1;
          environments[env] = counts;
        }
      }
      return { environments };
    },

    /** Stale and expired flags grouped by owner, with their reasons and ages (read only). */
    async report(filter: ReportFilter = {}): Promise<CleanupReport> {
      const now = clock();
      const inEnvironment = (reason: CleanupReason) =>
        !filter.environment || reason.environment === null || reason.environment === filter.environment;
      const entries = reasonsOf(await allFacts(db, now), now)
        .filter(({ facts }) => filter.owner === undefined || facts.flag.owner === filter.owner)
        .map(({ facts, reasons }) => ({ facts, reasons: reasons.filter(inEnvironment) }));
      return {
        generatedAt: now.toISOString(),
        staleAfterDays: policy.staleAfterDays,
        owners: groupByOwner(entries),
      };
    },

    /**
     * One cleanup run, in one transaction: marks the flags with their reasons, queues one `cleanup.report`
     * per owner and one `flag.expired` per newly expired flag in the outbox, and audits the run. It never
     * changes what a flag serves. A scheduled run names its slot, and a slot runs once across replicas:
     * undefined when another replica already ran it.
     */
    async run(
      trigger: { slot: string; actor?: undefined } | { slot?: undefined; actor: string },
      now: Date = clock(),
    ): Promise<CleanupRunSummary | undefined> {
      return db.transaction(async (tx) => {
        const run = await claimRun(tx, {
          slot: trigger.slot ?? null,
          trigger: trigger.slot ? 'schedule' : 'manual',
          actor: trigger.actor ?? 'system:cleanup',
          ranAt: now,
        });
        if (!run) return undefined;
        const entries = reasonsOf(await allFacts(tx, now), now);
        const owners = groupByOwner(entries);
        const before = await currentMarks(tx);
        const marks: Mark[] = entries.flatMap(({ facts, reasons }) =>
          reasons.map((r) => ({
            flagKey: facts.flag.key,
            code: r.code,
            environmentKey: r.environment ?? '',
          })),
        );
        const newlyExpired = owners
          .flatMap((group) => group.flags)
          .filter(
            (flag) =>
              flag.reasons.some((r) => r.code === 'expired') &&
              !before.has(markKey({ flagKey: flag.key, code: 'expired', environmentKey: '' })),
          );
        await replaceMarks(tx, marks, now);
        const events = [
          ...owners.map((group) => ownerEvent(group, run.id)),
          ...newlyExpired.map(expiredEvent),
        ];
        await insertEvents(tx, events, now);
        const counts = {
          flagged: owners.reduce((n, group) => n + group.flags.length, 0),
          owners: owners.length,
          notified: events.length,
        };
        await finishRun(tx, run.id, counts);
        await insertAudit(tx, {
          actor: run.actor,
          action: 'cleanup.ran',
          resourceType: 'cleanup',
          resourceKey: `run_${run.id}`,
          before: null,
          after: { ...counts, flags: owners.flatMap((group) => group.flags.map((flag) => flag.key)) },
          reason: run.slot ? `scheduled run for ${run.slot}` : 'run on demand',
        });
        return { ranAt: now.toISOString(), ...counts };
      });
    },
  };
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;

/** The scheduled slot `now` falls in: runs every `everyMs`, named by the slot's start. */
export function slotOf(now: Date, everyMs: number): string {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs).toISOString();
}
