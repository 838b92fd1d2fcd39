import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { outbox } from '../db/schema.ts';
import type { DomainEvent, NewDomainEvent } from './domain-event.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export function outboxValues(event: NewDomainEvent) {
  return {
    type: event.type,
    environmentKey: event.environment,
    subjectKind: event.subject.kind,
    subjectKey: event.subject.key,
    message: event.message,
    data: event.data,
  };
}

/**
 * In the caller's transaction: the event commits with the change, or neither does. `occurredAt`: the
 * writer's clock (a job's `now`); default the database's.
 */
export async function insertEvents(db: Db, events: NewDomainEvent[], occurredAt?: Date): Promise<void> {
  if (events.length === 0) return;
  const at = occurredAt ? { createdAt: occurredAt } : {};
  await db.insert(outbox).values(events.map((event) => ({ ...outboxValues(event), ...at })));
}

export function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: String(row.id),
    type: row.type as DomainEvent['type'],
    occurredAt: row.createdAt.toISOString(),
    environment: row.environmentKey,
    subject: { kind: row.subjectKind as DomainEvent['subject']['kind'], key: row.subjectKey },
    message: row.message,
    data: row.data,
  };
}

/**
 * Locks the oldest undispatched rows for the caller's transaction; rows another replica holds are
 * skipped, so two relays never dispatch one event.
 */
export async function claimPending(db: Db, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(isNull(outbox.dispatchedAt))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markDispatched(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ dispatchedAt: at })
    .where(and(inArray(outbox.id, ids), isNull(outbox.dispatchedAt)));
}

export async function pendingCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(isNull(outbox.dispatchedAt));
  return row?.n ?? 0;
}

export async function listEvents(db: Db, subjectKey: string): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.subjectKey, subjectKey)).orderBy(asc(outbox.id));
}
