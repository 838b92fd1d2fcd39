import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { addSignalRows, BUCKET_MS, claimBatches, type SignalRow } from './signals-repository.ts';
import type { MetricsReport, SignalEntryBody } from './signals-schemas.ts';

/** How far a report's window may reach into the future: SDK clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Reports written per transaction at most (more wait for the next one). */
const MAX_REPORTS_PER_WRITE = 2_000;

interface Pending {
  environment: string;
  credentialId: string;
  /** Undefined for version-1 reports: they cannot be recognised when retried. */
  batchId: string | undefined;
  rows: SignalRow[];
  done: { resolve(): void; reject(error: unknown): void };
}

function rowKey(r: SignalRow): string {
  return `${r.environmentKey}\u0000${r.flagKey}\u0000${(r.bucketStart as Date).getTime()}\u0000${r.flagVersion}\u0000${r.variant}\u0000${r.cohort}`;
}

function addCounts(into: Record<string, number>, from: Record<string, number> | undefined): void {
  if (from === undefined) return;
  for (const key in from) into[key] = (into[key] ?? 0) + from[key]!;
}

function mergeInto(into: SignalRow, row: SignalRow): void {
  into.exposures += row.exposures;
  into.calls += row.calls;
  into.latencyZero += row.latencyZero;
  addCounts(into.errors, row.errors);
  addCounts(into.latencyBins, row.latencyBins);
  addCounts(into.conversions, row.conversions);
}

/** One report's rows, keyed into the bucket its window ends in (never later than now). */
function rowsOf(report: MetricsReport, environment: string, now: Date): SignalRow[] {
  const end = Math.min(new Date(report.end).getTime(), now.getTime());
  const bucketStart = new Date(Math.floor(end / BUCKET_MS) * BUCKET_MS);
  const base = { environmentKey: environment, bucketStart };
  const rows: SignalRow[] = [];
  // Each entry passed checkSignalEntry in the route's schema.
  for (const e of (report.signals ?? []) as SignalEntryBody[]) {
    rows.push({
      ...base,
      flagKey: e.flag,
      flagVersion: e.version,
      variant: e.variant,
      cohort: e.cohort,
      exposures: e.exposures,
      calls: e.calls ?? 0,
      errors: { ...e.errors },
      latencyZero: e.latency?.zeroCount ?? 0,
      latencyBins: { ...e.latency?.bins },
      conversions: { ...e.conversions },
    });
  }
  for (const [flagKey, variants] of Object.entries(report.flags ?? {})) {
    for (const [variant, exposures] of Object.entries(variants)) {
      rows.push({
        ...base,
        flagKey,
        flagVersion: 0,
        variant,
        cohort: 'other',
        exposures,
        calls: 0,
        errors: {},
        latencyZero: 0,
        latencyBins: {},
        conversions: {},
      });
    }
  }
  return rows;
}

/**
 * SDK reports into per-bucket rows, with group commit: reports that arrive while a write is under
 * way are merged and written together in the next transaction (one batch-id claim and one upsert
 * per distinct row), so the database sees a few statements per write whatever the request rate. A
 * request is answered when its report has committed: nothing acknowledged is lost.
 */
export function createSignalsIntake(db: Db, clock: () => Date = () => new Date()) {
  let queue: Pending[] = [];
  let writing: Promise<void> | undefined;

  async function write(reports: Pending[]): Promise<void> {
    const now = clock();
    await db.transaction(async (tx) => {
      // One claim per batch id, even when a retry arrives in the same group as the original.
      const identified = new Map<string, { credentialId: string; batchId: string }>();
      for (const r of reports) {
        if (r.batchId !== undefined) {
          identified.set(`${r.credentialId}\u0000${r.batchId}`, {
            credentialId: r.credentialId,
            batchId: r.batchId,
          });
        }
      }
      const claimed = await claimBatches(tx, [...identified.values()], now);
      const merged = new Map<string, SignalRow>();
      for (const r of reports) {
        if (r.batchId !== undefined) {
          const key = `${r.credentialId}\u0000${r.batchId}`;
          if (!claimed.delete(key)) continue;
        }
        for (const row of r.rows) {
          const key = rowKey(row);
          const into = merged.get(key);
          if (into === undefined) merged.set(key, row);
          else mergeInto(into, row);
        }
      }
      const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      await addSignalRows(tx, rows);
    });
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_REPORTS_PER_WRITE);
      queue = queue.slice(group.length);
      try {
        await write(group);
        for (const p of group) p.done.resolve();
      } catch (error) {
        for (const p of group) p.done.reject(error);
      }
    }
    writing = undefined;
  }

  return {
    /** Validates and stores one report; resolves once it has committed (a known batch id: at once). */
    record(report: MetricsReport, from: { environment: string; credentialId: string }): Promise<void> {
      const now = clock();
      const start = new Date(report.start);
      const end = new Date(report.end);
      if (end < start) throw new ValidationError([{ path: ['end'], message: 'must not be before start' }]);
      if (end.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        throw new ValidationError([{ path: ['end'], message: 'is in the future' }]);
      }
      const rows = rowsOf(report, from.environment, now);
      return new Promise<void>((resolve, reject) => {
        queue.push({ ...from, batchId: report.batchId, rows, done: { resolve, reject } });
        writing ??= drain();
      });
    },

    /** Waits for the reports received so far to be written. */
    async close(): Promise<void> {
      await writing;
    },
  };
}

export type SignalsIntake = ReturnType<typeof createSignalsIntake>;
