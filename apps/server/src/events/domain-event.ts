import type { JsonValue } from '@flagstaff/evaluator';

/** What happened, as the outbox records it and notifications (webhooks) receive it. */
export type EventType =
  | 'rollout.started'
  | 'rollout.advanced'
  | 'rollout.paused'
  | 'rollout.resumed'
  | 'rollout.rolled_back'
  | 'rollout.completed'
  | 'rollout.alert'
  | 'rollout.stuck'
  | 'flag.created'
  | 'flag.updated'
  | 'flag.archived'
  | 'flag.unarchived'
  | 'flag.restored'
  | 'flag.expired'
  | 'segment.created'
  | 'segment.updated'
  | 'segment.deleted'
  | 'environment.created'
  | 'credential.created'
  | 'credential.revoked'
  | 'cleanup.report';

export type SubjectKind = 'flag' | 'rollout' | 'segment' | 'environment' | 'credential' | 'owner';

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
