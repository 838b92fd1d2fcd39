// The outbox's event, as webhooks receive it: defined once, in the events slice.
export { type DomainEvent, EVENT_TYPES, type EventType } from '../events/domain-event.ts';
