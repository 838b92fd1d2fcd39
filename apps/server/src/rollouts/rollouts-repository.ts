import type { JsonValue } from '@flagstaff/evaluator';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rolloutEvents, rolloutPlans } from '../db/schema.ts';
import { ACTIVE_STATUSES } from './rollout-model.ts';

export type PlanRow = typeof rolloutPlans.$inferSelect;
export type NewPlanRow = typeof rolloutPlans.$inferInsert;
export type RolloutEventRow = typeof rolloutEvents.$inferSelect;

/** Inserts a plan; undefined when the flag already has an active plan in that environment. */
export async function tryInsertPlan(db: Db, row: NewPlanRow): Promise<PlanRow | undefined> {
  const [inserted] = await db.insert(rolloutPlans).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findPlan(db: Db, id: string, lock = false): Promise<PlanRow | undefined> {
  const query = db.select().from(rolloutPlans).where(eq(rolloutPlans.id, id)).limit(1);
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

/** The flag's active plans, locked until the transaction ends (the flag write guard). */
export async function lockActivePlans(db: Db, flagKey: string): Promise<PlanRow[]> {
  return db
    .select()
    .from(rolloutPlans)
    .where(and(eq(rolloutPlans.flagKey, flagKey), inArray(rolloutPlans.status, [...ACTIVE_STATUSES])))
    .for('update');
}

export async function findActivePlan(
  db: Db,
  flagKey: string,
  environment: string,
): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(rolloutPlans)
    .where(
      and(
        eq(rolloutPlans.flagKey, flagKey),
        eq(rolloutPlans.environmentKey, environment),
        inArray(rolloutPlans.status, [...ACTIVE_STATUSES]),
      ),
    )
    .limit(1);
  return row;
}

/** Ids of running plans, oldest first (the engine's tick). */
export async function listRunningPlanIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: rolloutPlans.id })
    .from(rolloutPlans)
    .where(eq(rolloutPlans.status, 'running'))
    .orderBy(asc(rolloutPlans.createdAt));
  return rows.map((r) => r.id);
}

/**
 * The running plan, locked for this transaction; undefined when another replica holds it (`SKIP
 * LOCKED`: it is deciding that plan right now) or it is no longer running.
 */
export async function claimRunningPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(rolloutPlans)
    .where(and(eq(rolloutPlans.id, id), eq(rolloutPlans.status, 'running')))
    .for('update', { skipLocked: true });
  return row;
}

export interface PlanFilter {
  flagKey?: string | undefined;
  environment?: string | undefined;
  status?: string | undefined;
  limit: number;
}

export async function listPlans(db: Db, filter: PlanFilter): Promise<PlanRow[]> {
  const where: SQL[] = [];
  if (filter.flagKey) where.push(eq(rolloutPlans.flagKey, filter.flagKey));
  if (filter.environment) where.push(eq(rolloutPlans.environmentKey, filter.environment));
  if (filter.status) where.push(eq(rolloutPlans.status, filter.status));
  return db
    .select()
    .from(rolloutPlans)
    .where(and(...where))
    .orderBy(desc(rolloutPlans.createdAt))
    .limit(filter.limit);
}

/** Writes the plan over `version` only: a second replica's transition of the same look writes nothing. */
export async function updatePlan(
  db: Db,
  id: string,
  version: number,
  set: Partial<Omit<NewPlanRow, 'id' | 'version'>>,
): Promise<PlanRow | undefined> {
  const [row] = await db
    .update(rolloutPlans)
    .set({ ...set, version: version + 1 })
    .where(and(eq(rolloutPlans.id, id), eq(rolloutPlans.version, version)))
    .returning();
  return row;
}

export async function insertRolloutEvent(
  db: Db,
  event: {
    planId: string;
    at: Date;
    kind: string;
    actor: string;
    fromPercentage: number | null;
    toPercentage: number | null;
    message: string;
    figures: JsonValue;
  },
): Promise<void> {
  await db.insert(rolloutEvents).values(event);
}

export async function listRolloutEvents(db: Db, planId: string): Promise<RolloutEventRow[]> {
  return db
    .select()
    .from(rolloutEvents)
    .where(eq(rolloutEvents.planId, planId))
    .orderBy(asc(rolloutEvents.id));
}
