import type { JsonValue } from '@flagstaff/evaluator';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  resourceType: 'flag' | 'segment' | 'environment' | 'credential' | 'rollout' | 'webhook' | 'cleanup';
  resourceKey: string;
  environmentKey?: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  /** Why, when the actor said. */
  reason?: string | null;
}

export interface AuditFilter {
  resourceType?: string | undefined;
  resourceKey?: string | undefined;
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only records with a smaller id (the cursor of the previous page). */
  before?: number | undefined;
  limit: number;
}

export type AuditRecord = typeof auditLog.$inferSelect;

/** Append only: there is no update or delete here, and the table's trigger refuses them anyway. */
export async function insertAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insert(auditLog)
    .values({ ...entry, environmentKey: entry.environmentKey ?? null, reason: entry.reason ?? null });
}

export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRecord[]> {
  const where: SQL[] = [];
  if (filter.resourceType) where.push(eq(auditLog.resourceType, filter.resourceType));
  if (filter.resourceKey) where.push(eq(auditLog.resourceKey, filter.resourceKey));
  if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lte(auditLog.at, filter.to));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
