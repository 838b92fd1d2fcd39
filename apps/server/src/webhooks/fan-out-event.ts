import type { Db } from '../db/database.ts';
import type { DomainEvent } from './domain-event.ts';
import { filterMatches } from './event-filter.ts';
import { type WebhookFormat, webhookBody } from './webhook-body.ts';
import { enabledSubscriptions, insertDeliveries } from './webhooks-repository.ts';

function dueAt(event: DomainEvent): Date {
  const at = new Date(event.occurredAt);
  return Number.isNaN(at.getTime()) ? new Date(0) : at;
}

/**
 * Queues one pending delivery of `event` per enabled subscription that wants it, inside the caller's
 * transaction (the outbox relay's, which also marks the event dispatched): the fan-out commits with that
 * mark or not at all. Running it twice for one event queues nothing more (unique per subscription and
 * event id). Returns how many deliveries were queued; the sender picks them up at once.
 */
export async function fanOutEvent(tx: Db, event: DomainEvent): Promise<number> {
  const subscriptions = (await enabledSubscriptions(tx)).filter((subscription) =>
    filterMatches(subscription, event),
  );
  return insertDeliveries(
    tx,
    subscriptions.map((subscription) => ({
      subscriptionId: subscription.id,
      eventId: event.id,
      eventType: event.type,
      body: webhookBody(event, subscription.format as WebhookFormat),
      // Due as soon as it happened: no clock read here, the sender's `now` decides.
      nextAttemptAt: dueAt(event),
    })),
  );
}
