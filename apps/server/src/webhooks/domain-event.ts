import type { JsonValue } from '@flagstaff/evaluator';

/** Every event the outbox produces; webhook subscriptions filter on these names (or `rollout.*`, `*`). */
export const EVENT_TYPES = [
  'rollout.started',
  'rollout.advanced',
  'rollout.paused',
  'rollout.resumed',
  'rollout.rolled_back',
  'rollout.completed',
  'rollout.alert',
  'rollout.stuck',
  'flag.created',
  'flag.updated',
  'flag.archived',
  'flag.restored',
  'flag.expired',
  'cleanup.report',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * One thing that happened, as the outbox records it and every notification carries it. The webhook
 * JSON body is exactly this object.
 */
export interface DomainEvent {
  /** Unique and stable (the outbox row id): the `webhook-id` receivers dedupe on. */
  id: string;
  type: EventType;
  /** ISO 8601. */
  occurredAt: string;
  /** Null for events that belong to no one environment (a flag's definition, a cleanup report). */
  environment: string | null;
  subject: { kind: 'flag' | 'rollout' | 'owner'; key: string };
  /** The sentence a stakeholder reads, e.g. "new_checkout_flow is at 10% with no issues". */
  message: string;
  /** Figures, actor, plan: whatever the event type carries. */
  data: JsonValue;
}
