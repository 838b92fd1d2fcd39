import { type AuditEntry, insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import type { EnvironmentRevision } from '../environments/committed-change.ts';
import { bumpRevisions } from '../environments/environments-repository.ts';
import type { NewDomainEvent } from './domain-event.ts';
import { insertEvents } from './outbox-repository.ts';

/**
 * What every change writes beside itself, in its own transaction: its audit record, its outbox event,
 * and the revisions of the environments it changes (`all`: segments are shared by every environment).
 * Flag writes do the same in their one statement (flags-repository `writeFlagVersion`).
 */
export async function recordChange(
  tx: Db,
  change: { audit: AuditEntry; event: NewDomainEvent; bump: 'all' | 'none' },
): Promise<EnvironmentRevision[]> {
  await insertAudit(tx, change.audit);
  await insertEvents(tx, [change.event]);
  return change.bump === 'all' ? bumpRevisions(tx) : [];
}
