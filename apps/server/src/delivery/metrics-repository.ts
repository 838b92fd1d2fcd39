import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { sdkEvaluationCounts } from '../db/schema.ts';

export type EvaluationCountRow = typeof sdkEvaluationCounts.$inferSelect;
export type NewEvaluationCountRow = typeof sdkEvaluationCounts.$inferInsert;

export async function insertEvaluationCounts(db: Db, rows: NewEvaluationCountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(sdkEvaluationCounts).values(rows);
}

export async function listEvaluationCounts(
  db: Db,
  environment: string,
  flagKey: string,
): Promise<EvaluationCountRow[]> {
  return db
    .select()
    .from(sdkEvaluationCounts)
    .where(and(eq(sdkEvaluationCounts.environmentKey, environment), eq(sdkEvaluationCounts.flagKey, flagKey)))
    .orderBy(asc(sdkEvaluationCounts.id));
}
