import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { installation } from '../db/schema.ts';

/** The installation's secret, made once by migration 0004. */
export async function readInstallationSecret(db: Db): Promise<string> {
  const [row] = await db.select({ secret: installation.secret }).from(installation).limit(1);
  if (!row) throw new Error('the installation row is missing: migration 0004 did not run');
  return row.secret;
}

/**
 * The salt client snapshots mix into their hashed lists: derived from the secret, never the secret
 * itself, because client snapshots are public. 64 bits are plenty to make installations differ.
 */
export async function readClientSalt(db: Db): Promise<string> {
  const secret = await readInstallationSecret(db);
  return createHash('sha256').update(`${secret}:client-lists`).digest('hex').slice(0, 16);
}
