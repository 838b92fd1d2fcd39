import { gt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { credentials } from '../db/schema.ts';

/** Ids of credentials revoked after `since`: how a replica finds revocations whose message it missed. */
export async function listRevokedSince(db: Db, since: Date): Promise<{ id: string; revokedAt: Date }[]> {
  const rows = await db
    .select({ id: credentials.id, revokedAt: credentials.revokedAt })
    .from(credentials)
    .where(gt(credentials.revokedAt, since));
  return rows.flatMap((row) => (row.revokedAt ? [{ id: row.id, revokedAt: row.revokedAt }] : []));
}
