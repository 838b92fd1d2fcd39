import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database, Db } from './database.ts';
import * as schema from './schema.ts';

export interface DatabaseOptions {
  /** Set: the PostgreSQL server at that URL. Unset: embedded PostgreSQL (PGlite). */
  databaseUrl?: string | undefined;
  /** Folder for embedded PostgreSQL; `memory://` for a throwaway in-memory database. */
  dataDir: string;
  poolMax?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) return openPostgres(options.databaseUrl, options.poolMax ?? 10);
  return openEmbedded(options.dataDir);
}

function withPing(db: Db) {
  return async () => {
    await db.execute(sql`select 1`);
  };
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', ping: withPing(db), close: () => pool.end() };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  if (dataDir.startsWith('memory://')) {
    const client = await PGlite.create();
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return { db, kind: 'embedded', ping: withPing(db), close: () => client.close() };
  }
  const release = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(join(dataDir, 'pg'));
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'embedded',
      ping: withPing(db),
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
