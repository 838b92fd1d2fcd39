import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Db } from './database.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../migrations', import.meta.url));

/** Any constant works, as long as every replica uses the same one. */
const MIGRATION_LOCK_KEY = 7_346_120_931;

const appliedMigrations = pgTable('flagstaff_migrations', {
  createdAt: bigint('created_at', { mode: 'number' }).primaryKey(),
  hash: text('hash').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Applies the pending SQL migrations in one transaction under a transaction-scoped advisory lock:
 * when two replicas start together, one migrates and the other waits, then finds nothing to do.
 * A failing migration rolls back whole and its error propagates, so the process stops.
 */
export async function migrate(db: Db, folder = MIGRATIONS_FOLDER): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create table if not exists flagstaff_migrations (
      created_at bigint primary key, hash text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.select().from(appliedMigrations)).map((row) => row.createdAt));
    let applied = 0;
    for (const migration of migrations) {
      if (done.has(migration.folderMillis)) continue;
      for (const statement of migration.sql) {
        if (statement.trim() !== '') await tx.execute(sql.raw(statement));
      }
      await tx.insert(appliedMigrations).values({ createdAt: migration.folderMillis, hash: migration.hash });
      applied += 1;
    }
    return applied;
  });
}
