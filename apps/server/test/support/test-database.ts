import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Database, Db } from '../../src/db/database.ts';
import { MIGRATIONS_FOLDER, migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import * as schema from '../../src/db/schema.ts';

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

/** Which PGlite build wrote a dump (its installed path names the version): a dump is only loaded by the same. */
const PGLITE_BUILD = createHash('sha256')
  .update(realpathSync(createRequire(import.meta.url).resolve('@electric-sql/pglite')))
  .digest('hex')
  .slice(0, 8);

/**
 * The migrated embedded database as a data-folder dump, made once per migration set and PGlite version
 * and shared by every test file (a file in tmpdir, written atomically): loading it takes a fraction of
 * PGlite's initdb, which dominated each embedded suite's start (16 s against 4 s on a busy 2-core machine).
 */
export async function embeddedTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `flagstaff-pglite-${PGLITE_BUILD}-${migrationsHash()}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const client = await PGlite.create();
  try {
    await migrate(drizzle(client, { schema }) as unknown as Db);
    const dump = await client.dumpDataDir('none');
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    await client.close();
  }
}

/** A clean, migrated database for one test file. */
export async function createTestDatabase(driver: Driver): Promise<Database> {
  if (driver === 'embedded') {
    const client = await PGlite.create({ loadDataDir: await embeddedTemplate() });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'embedded',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.close(),
    };
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
