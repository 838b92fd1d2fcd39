import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { createTestDatabase, drivers } from '../support/test-database.ts';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A migrations folder in drizzle-kit's layout. */
function migrationsFolder(migrations: { tag: string; sql: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-migrations-'));
  folders.push(dir);
  mkdirSync(join(dir, 'meta'));
  const entries = migrations.map((m, idx) => ({
    idx,
    version: '7',
    when: 1_700_000_000_000 + idx,
    tag: m.tag,
    breakpoints: true,
  }));
  writeFileSync(
    join(dir, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
  for (const m of migrations) writeFileSync(join(dir, `${m.tag}.sql`), m.sql);
  return dir;
}

describe.each(drivers())('migrations (%s)', (driver) => {
  it('applies each migration once, even when two replicas migrate at the same time', async () => {
    const database = await createTestDatabase(driver);
    try {
      const folder = migrationsFolder([
        { tag: '0000_a', sql: 'CREATE TABLE extra_a (id int);' },
        {
          tag: '0001_b',
          sql: 'CREATE TABLE extra_b (id int);\n--> statement-breakpoint\nINSERT INTO extra_b VALUES (1);',
        },
      ]);
      const results = await Promise.all([migrate(database.db, folder), migrate(database.db, folder)]);
      expect(results.sort()).toEqual([0, 2]);
      const rows = await database.db.execute(sql`select count(*)::int as n from extra_b`);
      expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
      expect(await migrate(database.db, folder)).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('rolls a failing migration back whole and reports its error', async () => {
    const database = await createTestDatabase(driver);
    try {
      const folder = migrationsFolder([
        { tag: '0000_ok', sql: 'CREATE TABLE half_done (id int);' },
        {
          tag: '0001_broken',
          sql: 'CREATE TABLE half_done_2 (id int);\n--> statement-breakpoint\nSELECT no_such_function();',
        },
      ]);
      await expect(migrate(database.db, folder)).rejects.toThrow();
      const rows = await database.db.execute(sql`select to_regclass('half_done')::text as t`);
      expect((rows as unknown as { rows: { t: string | null }[] }).rows[0]!.t).toBeNull();
    } finally {
      await database.close();
    }
  });
});

describe('the embedded data folder lock', () => {
  it('refuses a second opener in the same process tree while the first holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flagstaff-lock-'));
    folders.push(dir);
    // The same pid holds it: a second open in-process is not a different process, so simulate one.
    writeFileSync(join(dir, 'flagstaff.lock'), `${process.ppid}\n`);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another Flagstaff process/);
  });
});
