import type { JsonValue } from '@flagstaff/evaluator';
import type { Db } from '../../../src/db/database.ts';
import type { WrittenFlag } from '../../../src/flags/flag-writer.ts';
import type { FlagsService } from '../../../src/flags/flags-service.ts';
import { applyTransition } from '../../../src/rollouts/plan-transitions.ts';
import { messages } from '../../../src/rollouts/rollout-messages.ts';
import type { Verdict } from '../../../src/rollouts/rollout-model.ts';
import { servedPercentage } from '../../../src/rollouts/rollout-view.ts';
import {
  claimRunningPlans,
  findPlan,
  listRunningPlans,
  type PlanRow,
  updatePlan,
} from '../../../src/rollouts/rollouts-repository.ts';
import {
  ENGINE_ACTOR,
  nextStage,
  type RolloutsService,
  rollbackOf,
} from '../../../src/rollouts/rollouts-service.ts';

interface RolloutEngineDeps {
  db: Db;
  flags: Pick<FlagsService, 'changeWithin' | 'published'>;
  rollouts: Pick<RolloutsService, 'look'>;
  log?: { warn(object: object, message: string): void };
  /** Counts each transition taken (the `/metrics` counter). */
  onTransition?: (kind: string) => void;
}

interface TickOutcome {
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

/**
 * One look at one running plan, and what follows, in one transaction: new alerts, then rollback or
 * advance (each with the flag change, audit and outbox through `applyTransition`), or the hold's
 * reason when it changed. The plan is claimed (`SKIP LOCKED`) and must still be the version the
 * signals were read for: another replica's look, or a person's action, makes this one a no-op.
 */
async function decidePlan(deps: RolloutEngineDeps, id: string, now: Date): Promise<string[]> {
  const read = await findPlan(deps.db, id);
  if (read?.status !== 'running') return [];
  const verdict = await deps.rollouts.look(read, now, 'decision');
  const written: WrittenFlag[] = [];
  const kinds = await deps.db.transaction(async (tx) => {
    let [plan] = await claimRunningPlans(tx, [id]);
    if (!plan || plan.version !== read.version) return [];
    const done: string[] = [];
    const percentage = servedPercentage(plan);
    for (const alert of verdict.alerts.filter((a) => raised(plan!)[a.kind] === undefined)) {
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
      done.push(alert.kind === 'stuck' ? 'stuck' : 'alert');
    }
    const stored = { lastVerdict: verdict as unknown as JsonValue };
    if (verdict.action === 'rollback') {
      const step = await applyTransition(tx, deps.flags, plan, {
        ...rollbackOf(plan, ENGINE_ACTOR, now, verdict.reason, { figures: decisive(verdict) }),
      });
      await updatePlan(tx, plan.id, step.plan.version, stored);
      if (step.written) written.push(step.written);
      return [...done, 'rolled_back'];
    }
    if (verdict.action === 'advance') {
      const step = await applyTransition(
        tx,
        deps.flags,
        plan,
        nextStage(plan, ENGINE_ACTOR, now, decisive(verdict)),
      );
      await updatePlan(tx, plan.id, step.plan.version, stored);
      if (step.written) written.push(step.written);
      return [...done, step.plan.status === 'completed' ? 'completed' : 'advanced'];
    }
    const last = plan.lastVerdict as unknown as Verdict | null;
    if (last?.reason !== verdict.reason || last.action !== verdict.action) {
      await updatePlan(tx, plan.id, plan.version, stored);
    }
    return done;
  });
  for (const w of written) deps.flags.published(w);
  return kinds;
}

/**
 * The baseline: the engine's tick as of commit 019a904 (each plan read, decided and written on its own,
 * one after another), kept to measure the batched tick against.
 */
export async function tickPlanByPlan(deps: RolloutEngineDeps, now: Date): Promise<TickOutcome> {
  const ids = (await listRunningPlans(deps.db)).map((p) => p.id);
  const outcome: TickOutcome = { looked: ids.length, transitions: [] };
  for (const id of ids) {
    try {
      for (const kind of await decidePlan(deps, id, now)) {
        outcome.transitions.push({ plan: id, kind });
        deps.onTransition?.(kind);
      }
    } catch (error) {
      // One plan's failure (a flag made invalid meanwhile, a conflict) must not stop the others.
      deps.log?.warn({ err: error, plan: id }, 'rollout decision failed; the next tick looks again');
    }
  }
  return outcome;
}
