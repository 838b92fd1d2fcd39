import type { JsonValue } from '@flagstaff/evaluator';
import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { ConflictError } from '../errors.ts';
import type { EventType, NewDomainEvent } from '../events/domain-event.ts';
import { insertEvents } from '../events/outbox-repository.ts';
import type { FlagDocument } from '../flags/flag-document.ts';
import type { WrittenFlag } from '../flags/flag-writer.ts';
import type { FlagsService } from '../flags/flags-service.ts';
import { toPlanView } from './rollout-view.ts';
import { insertRolloutEvent, type NewPlanRow, type PlanRow, updatePlan } from './rollouts-repository.ts';

export type TransitionKind =
  | 'started'
  | 'advanced'
  | 'paused'
  | 'resumed'
  | 'rolled_back'
  | 'completed'
  | 'alert'
  | 'stuck';

const EVENT_TYPES: Record<TransitionKind, EventType> = {
  started: 'rollout.started',
  advanced: 'rollout.advanced',
  paused: 'rollout.paused',
  resumed: 'rollout.resumed',
  rolled_back: 'rollout.rolled_back',
  completed: 'rollout.completed',
  alert: 'rollout.alert',
  stuck: 'rollout.stuck',
};

export interface Transition {
  kind: TransitionKind;
  actor: string;
  at: Date;
  /** The plan's new fields (written over the version read). */
  set: Partial<Omit<NewPlanRow, 'id' | 'version'>>;
  /** The flag's new percentage in the plan's environment, when the transition moves it. */
  percentage?: { from: number; to: number };
  message: string;
  figures: JsonValue;
}

/** The flag's state in the plan's environment with the rollout's gate at `percentage`. */
export function withPercentage(
  plan: Pick<PlanRow, 'environmentKey' | 'stableVariant' | 'treatmentVariant'>,
  percentage: number,
) {
  return (current: FlagDocument): FlagDocument => {
    const state = current.environments[plan.environmentKey];
    if (!state) return current;
    const { split: _split, ...fallthrough } = state.fallthrough;
    return {
      ...current,
      environments: {
        ...current.environments,
        [plan.environmentKey]: {
          ...state,
          enabled: true,
          offVariant: plan.stableVariant,
          fallthrough: { ...fallthrough, variant: plan.treatmentVariant, percentage },
        },
      },
    };
  };
}

/**
 * One step of a plan, in the caller's transaction: the plan row (over the version read: a second
 * replica's attempt at the same step writes nothing and fails here), the flag change when the
 * percentage moves (through the one flag write path, with its version, audit and outbox rows), the
 * plan's history, its audit record and its outbox event. The caller publishes the flag after commit.
 */
export async function applyTransition(
  tx: Db,
  flags: Pick<FlagsService, 'changeWithin'>,
  plan: PlanRow,
  t: Transition,
): Promise<{ plan: PlanRow; written?: WrittenFlag }> {
  const event: NewDomainEvent = {
    type: EVENT_TYPES[t.kind],
    environment: plan.environmentKey,
    subject: { kind: 'rollout', key: plan.flagKey },
    message: t.message,
    data: {
      plan: plan.id,
      flag: plan.flagKey,
      actor: t.actor,
      ...(t.percentage ? { from: t.percentage.from, to: t.percentage.to } : {}),
      figures: t.figures,
    },
  };
  let written: WrittenFlag | undefined;
  if (t.percentage) {
    written = await flags.changeWithin(tx, {
      key: plan.flagKey,
      expectedVersion: 'any',
      actor: t.actor,
      action: 'flag.updated',
      plan: plan.id,
      apply: withPercentage(plan, t.percentage.to),
      events: [event],
    });
  } else {
    await insertEvents(tx, [event]);
  }
  // Signals from SDKs still on the previous flag version do not count for the new stage.
  const stageFlagVersion = written && t.kind === 'advanced' ? { stageFlagVersion: written.view.version } : {};
  const updated = await updatePlan(tx, plan.id, plan.version, {
    ...t.set,
    ...stageFlagVersion,
    updatedAt: t.at,
  });
  if (!updated) throw new ConflictError('CONFLICT', `Rollout ${plan.id} changed meanwhile: read it again`);
  await insertRolloutEvent(tx, {
    planId: plan.id,
    at: t.at,
    kind: t.kind,
    actor: t.actor,
    fromPercentage: t.percentage?.from ?? null,
    toPercentage: t.percentage?.to ?? null,
    message: t.message,
    figures: t.figures,
  });
  await insertAudit(tx, {
    actor: t.actor,
    action: EVENT_TYPES[t.kind],
    resourceType: 'rollout',
    resourceKey: plan.id,
    environmentKey: plan.environmentKey,
    before: toPlanView(plan, t.at) as unknown as JsonValue,
    after: toPlanView(updated, t.at) as unknown as JsonValue,
  });
  return written ? { plan: updated, written } : { plan: updated };
}
