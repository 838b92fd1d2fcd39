import type { Db } from '../db/database.ts';
import type { Job } from '../jobs/job-runner.ts';
import type { DomainEvent } from './domain-event.ts';
import { claimPending, markDispatched, toDomainEvent } from './outbox-repository.ts';

/** Receives each event once, inside the transaction that marks it dispatched (webhook fan-out). */
export type OutboxSink = (tx: Db, event: DomainEvent) => Promise<unknown>;

export interface OutboxRelayDeps {
  db: Db;
  sinks: OutboxSink[];
  /** After a batch committed: tell the replicas (a hint; they converge without it too). */
  afterDispatch?: (events: DomainEvent[]) => void;
  /** @default 100 */
  batchSize?: number;
}

/**
 * Dispatches committed outbox rows in id order: each batch is claimed (`SKIP LOCKED`, so relays on
 * several replicas never take one row twice), handed to every sink and marked dispatched in one
 * transaction. A crash before the commit leaves the rows pending for the next tick; nothing is lost,
 * and no sink sees an event twice (ADR 0008).
 */
export async function relayOutbox(deps: OutboxRelayDeps, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const events = await deps.db.transaction(async (tx) => {
      const rows = await claimPending(tx, deps.batchSize ?? 100);
      const claimed = rows.map(toDomainEvent);
      for (const event of claimed) {
        for (const sink of deps.sinks) await sink(tx, event);
      }
      await markDispatched(
        tx,
        rows.map((row) => row.id),
        now,
      );
      return claimed;
    });
    if (events.length === 0) return total;
    total += events.length;
    deps.afterDispatch?.(events);
  }
}

export function outboxRelayJob(deps: OutboxRelayDeps, everyMs = 500): Job {
  return {
    name: 'outbox-relay',
    everyMs,
    exclusive: 'claims',
    run: async (now) => {
      await relayOutbox(deps, now);
    },
  };
}
