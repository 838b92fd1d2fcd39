import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type NewSubscriptionRow = typeof webhookSubscriptions.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDeliveryRow = typeof webhookDeliveries.$inferInsert;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export async function insertSubscription(db: Db, row: NewSubscriptionRow): Promise<SubscriptionRow> {
  const [inserted] = await db.insert(webhookSubscriptions).values(row).returning();
  return inserted!;
}

export async function findSubscription(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<SubscriptionRow | undefined> {
  const query = db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listSubscriptions(
  db: Db,
  page: { after?: string | undefined; limit: number },
): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(page.after ? gt(webhookSubscriptions.id, page.after) : undefined)
    .orderBy(asc(webhookSubscriptions.id))
    .limit(page.limit);
}

export async function enabledSubscriptions(db: Db): Promise<SubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.enabled, true));
}

export async function updateSubscription(
  db: Db,
  id: string,
  fields: Partial<NewSubscriptionRow>,
): Promise<SubscriptionRow> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set(fields)
    .where(eq(webhookSubscriptions.id, id))
    .returning();
  return row!;
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
}

/** Inserts deliveries, skipping any (subscription, event) pair already there: fan-out twice is fan-out once. */
export async function insertDeliveries(db: Db, rows: NewDeliveryRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}

export interface ClaimedDelivery {
  id: number;
  subscriptionId: string;
  eventId: string;
  body: string;
  /** This attempt's number, 1 for the first. */
  attempt: number;
}

/**
 * Claims up to `limit` due deliveries in one statement: rows another sender holds locked are skipped, and
 * the lease keeps them from everyone else until it passes, without a transaction open during the HTTP call.
 * The attempt is counted at claim, so a delivery whose sending crashes the process still runs out of tries.
 */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
        // A disabled subscription's deliveries wait for it to be enabled again.
        inArray(
          webhookDeliveries.subscriptionId,
          db
            .select({ id: webhookSubscriptions.id })
            .from(webhookSubscriptions)
            .where(eq(webhookSubscriptions.enabled, true)),
        ),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(webhookDeliveries)
    .set({ leaseUntil: leaseUntil, attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(inArray(webhookDeliveries.id, due))
    .returning({
      id: webhookDeliveries.id,
      subscriptionId: webhookDeliveries.subscriptionId,
      eventId: webhookDeliveries.eventId,
      body: webhookDeliveries.body,
      attempt: webhookDeliveries.attempts,
    });
  return rows;
}

export async function subscriptionsByIds(db: Db, ids: string[]): Promise<SubscriptionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids));
}

export interface AttemptOutcome {
  deliveryId: number;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** Null when this attempt settles the delivery. */
  nextAttemptAt: Date | null;
  status: DeliveryStatus;
}

/**
 * Logs the attempt and moves the delivery on, unless a later claim has taken it over (its attempt number
 * moved on after our lease passed): that sender records its own attempt.
 */
export async function recordAttempt(db: Db, outcome: AttemptOutcome): Promise<void> {
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(webhookDeliveries)
      .set({
        status: outcome.status,
        nextAttemptAt: outcome.nextAttemptAt,
        leaseUntil: null,
        deliveredAt: outcome.status === 'delivered' ? outcome.at : null,
      })
      .where(
        and(
          eq(webhookDeliveries.id, outcome.deliveryId),
          eq(webhookDeliveries.attempts, outcome.attempt),
          eq(webhookDeliveries.status, 'pending'),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!moved) return;
    await tx.insert(webhookAttempts).values({
      deliveryId: outcome.deliveryId,
      attempt: outcome.attempt,
      at: outcome.at,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
      nextAttemptAt: outcome.nextAttemptAt,
    });
  });
}

export async function listDeliveries(
  db: Db,
  subscriptionId: string,
  page: { before?: number | undefined; status?: DeliveryStatus | undefined; limit: number },
): Promise<DeliveryRow[]> {
  const where: SQL[] = [eq(webhookDeliveries.subscriptionId, subscriptionId)];
  if (page.before !== undefined) where.push(lt(webhookDeliveries.id, page.before));
  if (page.status) where.push(eq(webhookDeliveries.status, page.status));
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.id))
    .limit(page.limit);
}

export async function attemptsOf(db: Db, deliveryIds: number[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.attempt));
}

/**
 * Deletes settled deliveries (delivered or failed) created before `before`, with their attempts; pending
 * ones stay whatever their age. Returns how many went.
 */
export async function pruneWebhookDeliveries(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.status, ['delivered', 'failed']),
        lt(webhookDeliveries.createdAt, before),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return deleted.length;
}

/** Makes a settled delivery due again at `at` (its attempt count goes on); undefined if there is none. */
export async function requeueDelivery(
  db: Db,
  subscriptionId: string,
  deliveryId: number,
  at: Date,
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: at, deliveredAt: null })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .returning();
  return row;
}
