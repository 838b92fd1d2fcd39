import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { cleanupRuns, flagCleanupMarks } from '../db/schema.ts';
import type { CleanupCode } from './lifecycle-rules.ts';

export type CleanupRunRow = typeof cleanupRuns.$inferSelect;

/**
 * Starts a run in the caller's transaction. A scheduled run names its slot: when another replica has
 * already run that slot, nothing is inserted and the caller does nothing.
 */
export async function claimRun(
  db: Db,
  run: { slot: string | null; trigger: 'schedule' | 'manual'; actor: string; ranAt: Date },
): Promise<CleanupRunRow | undefined> {
  const [row] = await db.insert(cleanupRuns).values(run).onConflictDoNothing().returning();
  return row;
}

export async function finishRun(
  db: Db,
  id: number,
  counts: { flagged: number; owners: number; notified: number },
): Promise<void> {
  await db.update(cleanupRuns).set(counts).where(eq(cleanupRuns.id, id));
}

export interface Mark {
  flagKey: string;
  code: CleanupCode;
  environmentKey: string;
}

/** The marks before this run, as `flag\0code\0environment` keys. */
export async function currentMarks(db: Db): Promise<Set<string>> {
  const rows = await db.select().from(flagCleanupMarks);
  return new Set(rows.map((row) => markKey(row)));
}

export const markKey = (mark: { flagKey: string; code: string; environmentKey: string }) =>
  `${mark.flagKey}\u0000${mark.code}\u0000${mark.environmentKey}`;

/** Replaces the marks with this run's: new ones first marked now, kept ones touched, gone ones deleted. */
export async function replaceMarks(db: Db, marks: Mark[], now: Date): Promise<void> {
  const at = now.toISOString();
  if (marks.length > 0) {
    await db
      .insert(flagCleanupMarks)
      .values(marks.map((mark) => ({ ...mark, firstMarkedAt: now, lastMarkedAt: now })))
      .onConflictDoUpdate({
        target: [flagCleanupMarks.flagKey, flagCleanupMarks.code, flagCleanupMarks.environmentKey],
        set: { lastMarkedAt: now },
      });
  }
  await db.delete(flagCleanupMarks).where(sql`${flagCleanupMarks.lastMarkedAt} < ${at}::timestamptz`);
}
