import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { credentials } from '../db/schema.ts';

export type CredentialRow = typeof credentials.$inferSelect;
export type NewCredentialRow = typeof credentials.$inferInsert;

export async function insertCredential(db: Db, row: NewCredentialRow): Promise<CredentialRow> {
  const [inserted] = await db.insert(credentials).values(row).returning();
  return inserted!;
}

export async function findActiveByHash(db: Db, tokenHash: string): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.tokenHash, tokenHash), isNull(credentials.revokedAt)))
    .limit(1);
  return row;
}

/** Any credential with this token hash, active or revoked. */
export async function findByHash(db: Db, tokenHash: string): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(credentials).where(eq(credentials.tokenHash, tokenHash)).limit(1);
  return row;
}

export async function findCredential(db: Db, id: string): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(credentials).where(eq(credentials.id, id)).limit(1);
  return row;
}

export async function listCredentials(db: Db): Promise<CredentialRow[]> {
  return db.select().from(credentials).orderBy(asc(credentials.createdAt), asc(credentials.id));
}

export async function revokeCredential(db: Db, id: string, at: Date): Promise<CredentialRow | undefined> {
  const [row] = await db
    .update(credentials)
    .set({ revokedAt: at })
    .where(and(eq(credentials.id, id), isNull(credentials.revokedAt)))
    .returning();
  return row;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(credentials)
    .where(and(eq(credentials.kind, 'admin'), isNull(credentials.revokedAt)));
  return row?.n ?? 0;
}
