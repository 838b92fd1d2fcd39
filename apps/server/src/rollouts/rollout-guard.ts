import type { JsonValue } from '@flagstaff/evaluator';
import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { ConflictError } from '../errors.ts';
import type { NewDomainEvent } from '../events/domain-event.ts';
import type { FlagDocument } from '../flags/flag-document.ts';
import type { FlagWriteGuard } from '../flags/flag-writer.ts';
import { messages } from './rollout-messages.ts';
import { servedPercentage, toPlanView } from './rollout-view.ts';
import { insertRolloutEvent, lockActivePlans, type PlanRow, updatePlan } from './rollouts-repository.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether the write turns the flag off in the plan's environment: the kill switch. */
function killSwitch(plan: PlanRow, current: FlagDocument, next: FlagDocument): boolean {
  return (
    current.environments[plan.environmentKey]?.enabled !== false &&
    next.environments[plan.environmentKey]?.enabled === false
  );
}

/** Whether the write moves what the plan owns: the environment's rollout (fallthrough) and stable variant. */
function touchesRollout(plan: PlanRow, current: FlagDocument, next: FlagDocument): boolean {
  const a = current.environments[plan.environmentKey];
  const b = next.environments[plan.environmentKey];
  return (
    !same(a?.fallthrough, b?.fallthrough) ||
    a?.offVariant !== b?.offVariant ||
    current.archived !== next.archived
  );
}

/**
 * What an active plan requires of every other flag write (checked with the plan rows locked): the kill
 * switch always works and stops the plan as a manual rollback; any other edit of the rollout it drives
 * is refused with a 409 that names the plan.
 */
export function createRolloutGuard(clock: () => Date): FlagWriteGuard {
  return {
    async check(tx: Db, write): Promise<NewDomainEvent[]> {
      const events: NewDomainEvent[] = [];
      for (const plan of await lockActivePlans(tx, write.current.key)) {
        if (plan.id === write.plan) continue;
        if (killSwitch(plan, write.current, write.next)) {
          events.push(await stopByKillSwitch(tx, plan, write.actor, clock()));
          continue;
        }
        if (touchesRollout(plan, write.current, write.next)) {
          throw new ConflictError(
            'ROLLOUT_IN_PROGRESS',
            `The rollout of ${plan.flagKey} in ${plan.environmentKey} is driven by plan ${plan.id} (at ${servedPercentage(plan)}%, ${plan.status}): pause it, advance or roll it back through /rollouts/${plan.id}, or turn the flag off`,
            { plan: plan.id },
          );
        }
      }
      return events;
    },
  };
}

async function stopByKillSwitch(tx: Db, plan: PlanRow, actor: string, at: Date): Promise<NewDomainEvent> {
  const reason = `the kill switch (flag turned off by ${actor})`;
  const updated = await updatePlan(tx, plan.id, plan.version, {
    status: 'rolled_back',
    endedAt: at,
    updatedAt: at,
    endedReason: { reason, actor, manual: true },
  });
  const message = messages.rolledBack(reason);
  await insertRolloutEvent(tx, {
    planId: plan.id,
    at,
    kind: 'rolled_back',
    actor,
    fromPercentage: servedPercentage(plan),
    toPercentage: 0,
    message,
    figures: { killSwitch: true },
  });
  await insertAudit(tx, {
    actor,
    action: 'rollout.rolled_back',
    resourceType: 'rollout',
    resourceKey: plan.id,
    environmentKey: plan.environmentKey,
    before: toPlanView(plan, at) as unknown as JsonValue,
    after: updated ? (toPlanView(updated, at) as unknown as JsonValue) : null,
  });
  return {
    type: 'rollout.rolled_back',
    environment: plan.environmentKey,
    subject: { kind: 'rollout', key: plan.flagKey },
    message,
    data: {
      plan: plan.id,
      flag: plan.flagKey,
      actor,
      from: servedPercentage(plan),
      to: 0,
      figures: { killSwitch: true },
    },
  };
}
