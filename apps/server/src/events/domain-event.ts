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
  'flag.unarchived',
  'flag.restored',
  'flag.expired',
  'flag.expiry_extended',
  'segment.created',
  'segment.updated',
  'segment.deleted',
  'environment.created',
  'cleanup.report',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type SubjectKind = 'flag' | 'rollout' | 'segment' | 'environment' | 'owner';

/** An event before the outbox gives it an id and a time. */
export interface NewDomainEvent {
  type: EventType;
  environment: string | null;
  subject: { kind: SubjectKind; key: string };
  /** The stakeholder sentence ("X is at 10% with no issues"). */
  message: string;
  data: JsonValue;
}

export interface DomainEvent extends NewDomainEvent {
  /** The outbox row's id: unique and stable (a webhook's `webhook-id`). */
  id: string;
  occurredAt: string;
}
