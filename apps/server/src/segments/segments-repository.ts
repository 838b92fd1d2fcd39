import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { segments } from '../db/schema.ts';

export type SegmentRow = typeof segments.$inferSelect;
export type NewSegmentRow = typeof segments.$inferInsert;

export async function findSegment(db: Db, key: string, forUpdate = false): Promise<SegmentRow | undefined> {
  const query = db.select().from(segments).where(eq(segments.key, key)).limit(1);
  const [row] = await (forUpdate ? query.for('update') : query);
  return row;
}

export async function listSegments(
  db: Db,
  page?: { after?: string | undefined; limit: number },
): Promise<SegmentRow[]> {
  const query = db.select().from(segments).orderBy(asc(segments.key));
  if (!page) return query;
  return (page.after ? query.where(gt(segments.key, page.after)) : query).limit(page.limit);
}

/** The named segments (a flag write then checks, locked, that they still exist: writeFlagVersion). */
export async function findSegments(db: Db, keys: string[]): Promise<SegmentRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(segments).where(inArray(segments.key, keys)).orderBy(asc(segments.key));
}

export async function tryInsertSegment(db: Db, row: NewSegmentRow): Promise<SegmentRow | undefined> {
  const [inserted] = await db.insert(segments).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function updateSegment(
  db: Db,
  key: string,
  values: Partial<NewSegmentRow>,
): Promise<SegmentRow> {
  const [updated] = await db.update(segments).set(values).where(eq(segments.key, key)).returning();
  return updated!;
}

export async function deleteSegment(db: Db, key: string): Promise<void> {
  await db.delete(segments).where(eq(segments.key, key));
}
