import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { addSignalRows, BUCKET_MS, claimBatches, type SignalRow } from './signals-repository.ts';
import type { MetricsReport, SignalEntryBody } from './signals-schemas.ts';

/** How far a report's window may reach into the future: SDK clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Reports written per transaction at most (more wait for the next one). */
const MAX_REPORTS_PER_WRITE = 500;

interface Pending {
  environment: string;
  credentialId: string;
  /** Undefined for version-1 reports: they cannot be recognised when retried. */
  batchId: string | undefined;
  bucketStart: Date;
  /** The report's entries as received (read only: added into fresh rows at write time). */
  entries: SignalEntryBody[];
  done: { resolve(): void; reject(error: unknown): void };
}

function addCounts(into: Record<string, number>, from: Record<string, number> | undefined): void {
  if (from === undefined) return;
  for (const key in from) into[key] = (into[key] ?? 0) + from[key]!;
}

/** A report's entries: its v2 `signals`, and its v1 counts as cohort `other`, version 0. */
function entriesOf(report: MetricsReport): SignalEntryBody[] {
  // Each entry passed checkSignalEntry in the route's schema.
  const signals = (report.signals ?? []) as SignalEntryBody[];
  if (report.flags === undefined) return signals;
  const out = [...signals];
  for (const flag in report.flags) {
    const variants = report.flags[flag]!;
    for (const variant in variants) {
      out.push({ flag, version: 0, variant, cohort: 'other', exposures: variants[variant]! });
    }
  }
  return out;
}

/**
 * One write's rows, found without building a key string per entry (that and the copies it needed
 * were most of the intake's own CPU): by environment and bucket, then flag, then a short scan of
 * that flag's few (version, variant, cohort) rows.
 */
class RowSet {
  private readonly byPlace = new Map<string, Map<string, SignalRow[]>>();
  private readonly all: SignalRow[] = [];

  add(p: Pending): void {
    const place = `${p.environment}\u0000${p.bucketStart.getTime()}`;
    let byFlag = this.byPlace.get(place);
    if (byFlag === undefined) {
      byFlag = new Map();
      this.byPlace.set(place, byFlag);
    }
    for (const e of p.entries) {
      let rows = byFlag.get(e.flag);
      if (rows === undefined) {
        rows = [];
        byFlag.set(e.flag, rows);
      }
      let row: SignalRow | undefined;
      for (const r of rows) {
        if (r.flagVersion === e.version && r.variant === e.variant && r.cohort === e.cohort) {
          row = r;
          break;
        }
      }
      if (row === undefined) {
        row = {
          environmentKey: p.environment,
          flagKey: e.flag,
          bucketStart: p.bucketStart,
          flagVersion: e.version,
          variant: e.variant,
          cohort: e.cohort,
          exposures: 0,
          calls: 0,
          errors: {},
          latencyZero: 0,
          latencyBins: {},
          conversions: {},
        };
        rows.push(row);
        this.all.push(row);
      }
      row.exposures += e.exposures;
      if (e.calls !== undefined) row.calls += e.calls;
      addCounts(row.errors, e.errors);
      addCounts(row.conversions, e.conversions);
      if (e.latency !== undefined) {
        row.latencyZero += e.latency.zeroCount;
        addCounts(row.latencyBins, e.latency.bins);
      }
    }
  }

  /**
   * In one order in every replica, so that concurrent writers lock rows in the same order (no
   * deadlock): the order of the former `environment\0bucket\0flag\0version\0variant\0cohort` key
   * strings (numbers as decimal text), so replicas of both versions agree during an upgrade.
   */
  sorted(): SignalRow[] {
    return this.all.sort(compareRows);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Numbers compared as their decimal text (as the former key strings did). */
const compareDecimal = (a: number, b: number) => (a === b ? 0 : compareText(String(a), String(b)));

function compareRows(a: SignalRow, b: SignalRow): number {
  return (
    compareText(a.environmentKey, b.environmentKey) ||
    compareDecimal((a.bucketStart as Date).getTime(), (b.bucketStart as Date).getTime()) ||
    compareText(a.flagKey, b.flagKey) ||
    compareDecimal(a.flagVersion, b.flagVersion) ||
    compareText(a.variant, b.variant) ||
    compareText(a.cohort, b.cohort)
  );
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
      const rows = new RowSet();
      for (const r of reports) {
        if (r.batchId !== undefined && !claimed.delete(`${r.credentialId}\u0000${r.batchId}`)) continue;
        rows.add(r);
      }
      await addSignalRows(tx, rows.sorted());
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
      const entries = entriesOf(report);
      return new Promise<void>((resolve, reject) => {
        queue.push({
          ...from,
          batchId: report.batchId,
          bucketStart,
          entries,
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
