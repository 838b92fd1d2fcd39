import type { JsonValue } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { WrittenFlag } from '../flags/flag-writer.ts';
import type { FlagsService } from '../flags/flags-service.ts';
import type { Job } from '../jobs/job-runner.ts';
import { applyTransition } from './plan-transitions.ts';
import { messages } from './rollout-messages.ts';
import type { Verdict } from './rollout-model.ts';
import { servedPercentage } from './rollout-view.ts';
import {
  claimRunningPlans,
  listRunningPlans,
  type PlanRow,
  recordVerdicts,
  updatePlan,
} from './rollouts-repository.ts';
import { ENGINE_ACTOR, nextStage, type RolloutsService, rollbackOf } from './rollouts-service.ts';

export interface RolloutEngineDeps {
  db: Db;
  flags: Pick<FlagsService, 'changeWithin' | 'published'>;
  rollouts: Pick<RolloutsService, 'lookMany'>;
  log?: { warn(object: object, message: string): void; info?(object: object, message: string): void };
  /** Counts each transition taken (the `/metrics` counter). */
  onTransition?: (kind: string) => void;
}

export interface TickOutcome {
  looked: number;
  transitions: { plan: string; kind: string }[];
}

/** The figures a transition records: the criteria that decided it. */
function decisive(verdict: Verdict): JsonValue {
  return {
    reason: verdict.reason,
    criteria: verdict.criteria
      .filter((c) => c.status === 'fail' || verdict.action !== 'rollback')
      .map((c) => ({ name: c.name, status: c.status, message: c.message, figures: c.figures })),
  } as unknown as JsonValue;
}

/** Alerts already raised at this stage (each kind once per stage). */
function raised(plan: PlanRow): Record<string, number> {
  return (plan.alerts ?? {}) as Record<string, number>;
}

/** The alerts this verdict raises that the plan has not raised at this stage yet. */
function newAlerts(plan: PlanRow, verdict: Verdict): Verdict['alerts'] {
  return verdict.alerts.filter((a) => raised(plan)[a.kind] === undefined);
}

/** A hold whose reason or action is the one stored needs no write at all. */
function verdictChanged(plan: PlanRow, verdict: Verdict): boolean {
  const last = plan.lastVerdict as unknown as Verdict | null;
  return last?.reason !== verdict.reason || last.action !== verdict.action;
}

/** Plans looked at together: their signals read in a few statements, then acted on. */
const PLANS_PER_LOOK = 250;
/** Plans whose transitions commit in one transaction (see actInBatch). */
const PLANS_PER_TRANSACTION = 25;

/**
 * What follows one look at one running plan, in the caller's transaction: new alerts, then rollback or
 * advance (each with the flag change, audit and outbox through `applyTransition`). The plan was
 * claimed (`SKIP LOCKED`: undefined when another replica holds it) and must still be the version
 * the signals were read for: another replica's look, or a person's action, makes this one a no-op.
 */
async function act(
  tx: Db,
  deps: RolloutEngineDeps,
  read: PlanRow,
  claimed: PlanRow | undefined,
  verdict: Verdict,
  now: Date,
): Promise<{ kinds: string[]; written: WrittenFlag[] }> {
  let plan = claimed;
  if (!plan || plan.version !== read.version) return { kinds: [], written: [] };
  const kinds: string[] = [];
  const written: WrittenFlag[] = [];
  const percentage = servedPercentage(plan);
  for (const alert of newAlerts(plan, verdict)) {
    const step = await applyTransition(tx, deps.flags, plan, {
      kind: alert.kind === 'stuck' ? 'stuck' : 'alert',
      actor: ENGINE_ACTOR,
      at: now,
      set: { alerts: { ...raised(plan), [alert.kind]: plan.stageIndex } },
      message:
        alert.kind === 'stuck'
          ? messages.stuck(plan.flagKey, alert.message)
          : messages.alert(plan.flagKey, percentage, alert.message),
      figures: alert.figures,
    });
    plan = step.plan;
    kinds.push(alert.kind === 'stuck' ? 'stuck' : 'alert');
  }
  const stored = { lastVerdict: verdict as unknown as JsonValue };
  if (verdict.action === 'rollback' || verdict.action === 'advance') {
    const transition =
      verdict.action === 'rollback'
        ? rollbackOf(plan, ENGINE_ACTOR, now, verdict.reason, { figures: decisive(verdict) })
        : nextStage(plan, ENGINE_ACTOR, now, decisive(verdict));
    // The verdict is stored with the step itself: one write of the plan row.
    const step = await applyTransition(tx, deps.flags, plan, {
      ...transition,
      set: { ...transition.set, ...stored },
    });
    if (step.written) written.push(step.written);
    const kind =
      verdict.action === 'rollback'
        ? 'rolled_back'
        : step.plan.status === 'completed'
          ? 'completed'
          : 'advanced';
    return { kinds: [...kinds, kind], written };
  }
  if (verdictChanged(plan, verdict)) await updatePlan(tx, plan.id, plan.version, stored);
  return { kinds, written };
}

/** Plans acted on in one transaction, and what they did: published and counted after the commit. */
async function actTogether(
  deps: RolloutEngineDeps,
  batch: { plan: PlanRow; verdict: Verdict }[],
  now: Date,
): Promise<{ done: { plan: string; kind: string }[]; written: WrittenFlag[] }> {
  const done: { plan: string; kind: string }[] = [];
  const written: WrittenFlag[] = [];
  await deps.db.transaction(async (tx) => {
    const claimed = new Map(
      (
        await claimRunningPlans(
          tx,
          batch.map((b) => b.plan.id),
        )
      ).map((p) => [p.id, p]),
    );
    for (const { plan, verdict } of batch) {
      const step = await act(tx, deps, plan, claimed.get(plan.id), verdict, now);
      for (const kind of step.kinds) done.push({ plan: plan.id, kind });
      written.push(...step.written);
    }
  });
  return { done, written };
}

/**
 * Plans that must write history (alerts, advance, rollback), several per transaction to spare a
 * commit each. When any of them fails (a flag made invalid meanwhile, a conflict), nothing of the
 * batch is kept and each plan is tried again in its own transaction: one plan's failure never
 * stops the others. Flags are published after the commit.
 */
async function actInBatch(
  deps: RolloutEngineDeps,
  batch: { plan: PlanRow; verdict: Verdict }[],
  now: Date,
  outcome: TickOutcome,
): Promise<void> {
  const results: Awaited<ReturnType<typeof actTogether>>[] = [];
  try {
    results.push(await actTogether(deps, batch, now));
  } catch (error) {
    if (batch.length === 1) {
      deps.log?.warn(
        { err: error, plan: batch[0]!.plan.id },
        'rollout decision failed; the next tick looks again',
      );
      return;
    }
    deps.log?.info?.({ err: error }, 'a batch of rollout decisions failed; each plan is tried on its own');
    for (const one of batch) {
      try {
        results.push(await actTogether(deps, [one], now));
      } catch (error) {
        deps.log?.warn(
          { err: error, plan: one.plan.id },
          'rollout decision failed; the next tick looks again',
        );
      }
    }
  }
  for (const { done, written } of results) {
    for (const w of written) deps.flags.published(w);
    for (const transition of done) {
      outcome.transitions.push(transition);
      deps.onTransition?.(transition.kind);
    }
  }
}

/** One look at a few running plans, and what follows. */
async function decideChunk(deps: RolloutEngineDeps, plans: PlanRow[], now: Date, outcome: TickOutcome) {
  const verdicts = await deps.rollouts.lookMany(plans, now, 'decision');
  const acting: { plan: PlanRow; verdict: Verdict }[] = [];
  const held: { id: string; version: number; verdict: JsonValue }[] = [];
  for (const [i, plan] of plans.entries()) {
    const verdict = verdicts[i]!;
    if (verdict.action !== 'hold' || newAlerts(plan, verdict).length > 0) acting.push({ plan, verdict });
    else if (verdictChanged(plan, verdict)) {
      held.push({ id: plan.id, version: plan.version, verdict: verdict as unknown as JsonValue });
    }
  }
  // A hold's new reason changes nothing but the plan row: one statement for all of them.
  await recordVerdicts(deps.db, held);
  for (let i = 0; i < acting.length; i += PLANS_PER_TRANSACTION) {
    await actInBatch(deps, acting.slice(i, i + PLANS_PER_TRANSACTION), now, outcome);
  }
}

/**
 * Every running plan: signals read for many plans at once (incrementally: see stored-signals.ts),
 * holds recorded in one statement, transitions committed a few plans per transaction. A plan's
 * transitions are in order; plans are independent.
 */
export async function tickRollouts(deps: RolloutEngineDeps, now: Date): Promise<TickOutcome> {
  const plans = await listRunningPlans(deps.db);
  const outcome: TickOutcome = { looked: plans.length, transitions: [] };
  for (let i = 0; i < plans.length; i += PLANS_PER_LOOK) {
    const chunk = plans.slice(i, i + PLANS_PER_LOOK);
    try {
      await decideChunk(deps, chunk, now, outcome);
    } catch (error) {
      // A failed read or write of some plans must not stop the others.
      deps.log?.warn(
        { err: error, plans: chunk.map((p) => p.id) },
        'rollout decisions failed; the next tick looks again',
      );
    }
  }
  return outcome;
}

export function rolloutEngineJob(deps: RolloutEngineDeps, everyMs: number): Job {
  return {
    name: 'rollout-engine',
    everyMs,
    exclusive: 'lease',
    run: async (now) => {
      await tickRollouts(deps, now);
    },
  };
}
