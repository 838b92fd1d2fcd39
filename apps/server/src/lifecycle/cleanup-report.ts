import type { FlagType } from '@flagstaff/evaluator';
import type { NewDomainEvent } from '../events/domain-event.ts';
import type { CleanupReason, FlagFacts } from './lifecycle-rules.ts';

export interface ReportFlag {
  key: string;
  type: FlagType;
  owner: string | null;
  expiresAt: string | null;
  archived: boolean;
  reasons: CleanupReason[];
}

export interface OwnerGroup {
  owner: string | null;
  flags: ReportFlag[];
}

export interface CleanupReport {
  generatedAt: string;
  staleAfterDays: number;
  owners: OwnerGroup[];
}

/** Flags with at least one reason, grouped by owner (owners sorted, no owner last; flags by key). */
export function groupByOwner(entries: { facts: FlagFacts; reasons: CleanupReason[] }[]): OwnerGroup[] {
  const groups = new Map<string | null, ReportFlag[]>();
  for (const { facts, reasons } of entries) {
    if (reasons.length === 0) continue;
    const { flag } = facts;
    const list = groups.get(flag.owner) ?? [];
    list.push({
      key: flag.key,
      type: flag.type,
      owner: flag.owner,
      expiresAt: flag.expiresAt,
      archived: flag.archived,
      reasons,
    });
    groups.set(flag.owner, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([owner, flags]) => ({ owner, flags: flags.sort((x, y) => x.key.localeCompare(y.key)) }));
}

const NO_OWNER = '(no owner)';

/** One `cleanup.report` event per owner: the stakeholder message lists their flags and why. */
export function ownerEvent(group: OwnerGroup, runId: number): NewDomainEvent {
  const who = group.owner ?? NO_OWNER;
  const n = group.flags.length;
  const list = group.flags.map((flag) => `${flag.key} (${flag.reasons.map((r) => r.message).join('; ')})`);
  return {
    type: 'cleanup.report',
    environment: null,
    subject: { kind: 'owner', key: who },
    message: `${n} flag${n === 1 ? '' : 's'} owned by ${who} need${n === 1 ? 's' : ''} cleanup: ${list.join(', ')}`,
    data: {
      runId,
      owner: group.owner,
      flags: group.flags.map((flag) => ({
        key: flag.key,
        type: flag.type,
        expiresAt: flag.expiresAt,
        reasons: flag.reasons.map((r) => ({ ...r })),
      })),
    },
  };
}

/** `flag.expired`, once: when a run first finds the flag past its expiry. */
export function expiredEvent(flag: ReportFlag): NewDomainEvent {
  return {
    type: 'flag.expired',
    environment: null,
    subject: { kind: 'flag', key: flag.key },
    message: `${flag.key} expired on ${flag.expiresAt?.slice(0, 10)}; ${flag.owner ?? NO_OWNER} should remove it`,
    data: { key: flag.key, owner: flag.owner, expiresAt: flag.expiresAt },
  };
}
