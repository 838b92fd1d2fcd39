import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { environments } from '../db/schema.ts';

export type EnvironmentRow = typeof environments.$inferSelect;

export async function listEnvironments(db: Db): Promise<EnvironmentRow[]> {
  return db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.key));
}

export async function findEnvironment(db: Db, key: string): Promise<EnvironmentRow | undefined> {
  const [row] = await db.select().from(environments).where(eq(environments.key, key)).limit(1);
  return row;
}

/** Inserts unless the key exists; returns undefined when it did. */
export async function insertEnvironment(
  db: Db,
  key: string,
  name: string,
): Promise<EnvironmentRow | undefined> {
  const [row] = await db.insert(environments).values({ key, name }).onConflictDoNothing().returning();
  return row;
}

/** Bumps every environment's revision, in the caller's transaction; returns the new revisions. */
export async function bumpRevisions(db: Db): Promise<{ environment: string; revision: number }[]> {
  return db
    .update(environments)
    .set({ revision: sql`${environments.revision} + 1` })
    .returning({ environment: environments.key, revision: environments.revision });
}
