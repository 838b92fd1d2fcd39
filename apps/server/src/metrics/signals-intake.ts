import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import {
  addNewBatches,
  addSignalRows,
  BatchCountedBeforeError,
  BUCKET_MS,
  claimBatches,
  type SignalRow,
} from './signals-repository.ts';
import type { MetricsReport, SignalEntryBody } from './signals-schemas.ts';

/** How far a report's window may reach into the future: SDK clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Reports written per transaction at most (more wait for the next one). */
const MAX_REPORTS_PER_WRITE = 500;
/**
 * Batch ids each replica remembers having committed (about 6 MB): a retry of one is answered at
 * once. Over a minute of reports at a thousand a second; SDKs retry with their next report (30 s).
 */
const RECENT_BATCH_IDS = 65_536;

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
 * way are merged and written together by the next one, a single statement that claims their batch
 * ids and upserts one row per distinct (environment, flag, bucket, version, variant, cohort), so the
 * database sees one round trip per write whatever the request rate (under load each round trip
 * waited for a CPU: four of them were most of a write's time). A request is answered when its
 * report has committed: nothing acknowledged is lost.
 */
export function createSignalsIntake(db: Db, clock: () => Date = () => new Date()) {
  let queue: Pending[] = [];
  let writing: Promise<void> | undefined;

  /** Batch ids (`credential\0batch`) this replica committed lately, oldest first. */
  const recent = new Set<string>();

  function remember(keys: Iterable<string>): void {
    for (const key of keys) recent.add(key);
    // A Set iterates in insertion order: the oldest go first.
    for (const key of recent) {
      if (recent.size <= RECENT_BATCH_IDS) break;
      recent.delete(key);
    }
  }

  /**
   * The careful way, for a group holding a batch counted before that this replica did not know:
   * claim first, then add only the batches that were new, in one transaction.
   */
  async function writeClaimingFirst(
    reports: Pending[],
    claims: { credentialId: string; batchId: string }[],
    now: Date,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const claimed = await claimBatches(tx, claims, now);
      const rows = new RowSet();
      for (const r of reports) {
        if (r.batchId === undefined || claimed.has(`${r.credentialId}\u0000${r.batchId}`)) rows.add(r);
      }
      await addSignalRows(tx, rows.sorted());
    });
  }

  async function write(reports: Pending[]): Promise<void> {
    const now = clock();
    // A batch id counts once: a retry in the same group as its original, or of a batch this
    // replica committed lately, is answered without being written again.
    const batches = new Map<string, { credentialId: string; batchId: string }>();
    const counted: Pending[] = [];
    for (const r of reports) {
      if (r.batchId !== undefined) {
        const key = `${r.credentialId}\u0000${r.batchId}`;
        if (recent.has(key) || batches.has(key)) continue;
        batches.set(key, { credentialId: r.credentialId, batchId: r.batchId });
      }
      counted.push(r);
    }
    if (counted.length === 0) return;
    const rows = new RowSet();
    for (const r of counted) rows.add(r);
    // Claims too in one order in every replica: two replicas each given the same two retried
    // batches, in opposite orders, would otherwise lock them crosswise (a deadlock, then a 500).
    const claims = [...batches.keys()].sort().map((key) => batches.get(key)!);
    try {
      // Claims and rows in one statement: one round trip per group (four with a transaction).
      await addNewBatches(db, claims, now, rows.sorted());
    } catch (error) {
      if (!(error instanceof BatchCountedBeforeError)) throw error;
      await writeClaimingFirst(counted, claims, now);
    }
    remember(batches.keys());
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
    /** Validates and stores one report; resolves once it has committed (a retry: once its batch is known counted). */
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
