import type { JsonValue } from '@flagstaff/evaluator';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
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

/** Running plans, oldest first (the engine's tick). */
export async function listRunningPlans(db: Db): Promise<PlanRow[]> {
  return db
    .select()
    .from(rolloutPlans)
    .where(eq(rolloutPlans.status, 'running'))
    .orderBy(asc(rolloutPlans.createdAt));
}

/**
 * Stores held plans' verdicts in one statement, each over the version read and only while the plan is
 * running and not locked by anyone else (`SKIP LOCKED`, in id order: two replicas never deadlock).
 * Returns how many were written.
 */
export async function recordVerdicts(
  db: Db,
  verdicts: { id: string; version: number; verdict: JsonValue }[],
): Promise<number> {
  if (verdicts.length === 0) return 0;
  const json = JSON.stringify(verdicts);
  const result = await db.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${json}::jsonb) as v(id text, version int, verdict jsonb)
    ), claimed as (
      select p.id from rollout_plans p join v on p.id = v.id and p.version = v.version
      where p.status = 'running' order by p.id for update of p skip locked
    )
    update rollout_plans p set last_verdict = v.verdict, version = p.version + 1
    from v where p.id = v.id and p.id in (select id from claimed)
    returning p.id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/**
 * The running plans among `ids`, locked for this transaction (in id order, in one statement); a plan
 * another replica holds (`SKIP LOCKED`: it is deciding that plan right now) or no longer running is
 * left out.
 */
export async function claimRunningPlans(db: Db, ids: string[]): Promise<PlanRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(rolloutPlans)
    .where(and(inArray(rolloutPlans.id, ids), eq(rolloutPlans.status, 'running')))
    .orderBy(asc(rolloutPlans.id))
    .for('update', { skipLocked: true });
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
