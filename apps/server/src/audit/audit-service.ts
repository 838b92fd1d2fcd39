import type { Db } from '../db/database.ts';
import { type AuditFilter, type AuditRecord, listAudit } from './audit-repository.ts';

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceKey: string;
  environment: string | null;
  before: AuditRecord['before'];
  after: AuditRecord['after'];
  /** Why, when the actor said (an expiry extension, a cleanup run). */
  reason: string | null;
}

function view(record: AuditRecord): AuditView {
  return {
    id: record.id,
    at: record.at.toISOString(),
    actor: record.actor,
    action: record.action,
    resourceType: record.resourceType,
    resourceKey: record.resourceKey,
    environment: record.environmentKey,
    before: record.before,
    after: record.after,
    reason: record.reason,
  };
}

/** Read-only by design: nothing in the API edits or deletes the audit log. */
export function createAuditService(db: Db) {
  return {
    async list(filter: AuditFilter): Promise<{ items: AuditView[]; nextCursor: string | null }> {
      const records = await listAudit(db, { ...filter, limit: filter.limit + 1 });
      const items = records.slice(0, filter.limit).map(view);
      const last = items.at(-1);
      return { items, nextCursor: records.length > filter.limit && last ? String(last.id) : null };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
