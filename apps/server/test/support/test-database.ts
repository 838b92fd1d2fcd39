import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { MIGRATIONS_FOLDER, migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';

export type Driver = 'embedded' | 'postgres';

/**
 * The suite runs on embedded PostgreSQL always and on the real server when DATABASE_URL is set.
 * In CI a missing DATABASE_URL is an error, not a silent skip of half the suite.
 */
export function drivers(): Driver[] {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but DATABASE_URL is unset: the PostgreSQL half of the suite would not run');
  }
  return url ? ['embedded', 'postgres'] : ['embedded'];
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest('hex').slice(0, 12);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Any constant shared by every test process. */
const TEMPLATE_LOCK = 7_346_120_999;

/** A fresh database cloned from a migrated template (`CREATE DATABASE … TEMPLATE`), made once per migration set. */
async function clonePostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = `flagstaff_template_${migrationsHash()}`;
  const name = `flagstaff_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${template}"`);
      const templateDb = await openDatabase({
        databaseUrl: withDatabase(url, template),
        dataDir: '',
        poolMax: 1,
      });
      try {
        await migrate(templateDb.db);
      } finally {
        await templateDb.close();
      }
    }
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    await admin.end();
  }
  return {
    url: withDatabase(url, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A clean, migrated database for one test file. */
export async function createTestDatabase(driver: Driver): Promise<Database> {
  if (driver === 'embedded') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database.db);
    return database;
  }
  const clone = await clonePostgres(process.env.DATABASE_URL!);
  const database = await openDatabase({ databaseUrl: clone.url, dataDir: '', poolMax: 10 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await clone.drop();
    },
  };
}
