import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { addSignalRows, BUCKET_MS, claimBatches, type SignalRow } from './signals-repository.ts';
import type { MetricsReport, SignalEntryBody } from './signals-schemas.ts';

/** How far a report's window may reach into the future: SDK clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Reports written per transaction at most (more wait for the next one). */
const MAX_REPORTS_PER_WRITE = 500;

/** One entry of a report, as received (read only: merged into fresh rows at write time). */
interface Contribution {
  flagKey: string;
  flagVersion: number;
  variant: string;
  cohort: SignalRow['cohort'];
  exposures: number;
  calls: number;
  errors: Record<string, number> | undefined;
  latencyZero: number;
  latencyBins: Record<string, number> | undefined;
  conversions: Record<string, number> | undefined;
}

interface Pending {
  environment: string;
  credentialId: string;
  /** Undefined for version-1 reports: they cannot be recognised when retried. */
  batchId: string | undefined;
  bucketStart: Date;
  contributions: Contribution[];
  done: { resolve(): void; reject(error: unknown): void };
}

function addCounts(into: Record<string, number>, from: Record<string, number> | undefined): void {
  if (from === undefined) return;
  for (const key in from) into[key] = (into[key] ?? 0) + from[key]!;
}

/** The contributions of one report: its v2 entries, and its v1 counts as cohort `other`, version 0. */
function contributionsOf(report: MetricsReport): Contribution[] {
  const out: Contribution[] = [];
  // Each entry passed checkSignalEntry in the route's schema.
  for (const e of (report.signals ?? []) as SignalEntryBody[]) {
    out.push({
      flagKey: e.flag,
      flagVersion: e.version,
      variant: e.variant,
      cohort: e.cohort,
      exposures: e.exposures,
      calls: e.calls ?? 0,
      errors: e.errors,
      latencyZero: e.latency?.zeroCount ?? 0,
      latencyBins: e.latency?.bins,
      conversions: e.conversions,
    });
  }
  for (const flagKey in report.flags ?? {}) {
    const variants = report.flags![flagKey]!;
    for (const variant in variants) {
      out.push({
        flagKey,
        flagVersion: 0,
        variant,
        cohort: 'other',
        exposures: variants[variant]!,
        calls: 0,
        errors: undefined,
        latencyZero: 0,
        latencyBins: undefined,
        conversions: undefined,
      });
    }
  }
  return out;
}

/** Adds one report's contributions into the write's rows, one per (environment, flag, bucket, version, variant, cohort). */
function mergeReport(rows: Map<string, SignalRow>, p: Pending): void {
  const prefix = `${p.environment}\u0000${p.bucketStart.getTime()}\u0000`;
  for (const c of p.contributions) {
    const key = `${prefix}${c.flagKey}\u0000${c.flagVersion}\u0000${c.variant}\u0000${c.cohort}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        environmentKey: p.environment,
        flagKey: c.flagKey,
        bucketStart: p.bucketStart,
        flagVersion: c.flagVersion,
        variant: c.variant,
        cohort: c.cohort,
        exposures: 0,
        calls: 0,
        errors: {},
        latencyZero: 0,
        latencyBins: {},
        conversions: {},
      };
      rows.set(key, row);
    }
    row.exposures += c.exposures;
    row.calls += c.calls;
    row.latencyZero += c.latencyZero;
    addCounts(row.errors, c.errors);
    addCounts(row.latencyBins, c.latencyBins);
    addCounts(row.conversions, c.conversions);
  }
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
        if (r.batchId !== undefined && !claimed.delete(`${r.credentialId}\u0000${r.batchId}`)) continue;
        mergeReport(merged, r);
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
      // The bucket its window ends in, never later than now.
      const bucketEnd = Math.min(end.getTime(), now.getTime());
      const bucketStart = new Date(Math.floor(bucketEnd / BUCKET_MS) * BUCKET_MS);
      const contributions = contributionsOf(report);
      return new Promise<void>((resolve, reject) => {
        queue.push({
          ...from,
          batchId: report.batchId,
          bucketStart,
          contributions,
          done: { resolve, reject },
        });
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
