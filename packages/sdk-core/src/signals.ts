import { COHORTS, type CompiledFlag, type CompiledSnapshot, type FlagEntry } from '@flagstaff/evaluator';
import { FlagstaffError } from './flagstaff-error.ts';
import { retryable } from './http-status.ts';
import {
  countName,
  errorType,
  MAX_CONVERSION_NAMES,
  MAX_ERROR_TYPES,
  MAX_SIGNALS_PER_REPORT,
  newBatchId,
  type SignalEntry,
  type SignalsReport,
  type WireSketch,
} from './signals-report.ts';
import type { Fetch } from './sync-options.ts';

/** A latency sketch (the Node SDK's is a DDSketch); the browser SDK measures no latency. */
export interface LatencyRecorder {
  accept(ms: number): void;
  wire(): WireSketch;
}

/**
 * What the SDK saw, per flag version, variant and cohort, reported every `interval`. The methods
 * take what `evaluateIndex` left: the snapshot, `servedFlag()`, the variant index and `servedCohort()`.
 */
export interface Signals {
  /** Counts one evaluation: one typed-array increment, no allocation, no I/O. */
  expose(snapshot: CompiledSnapshot, flag: CompiledFlag, index: number, cohort: number): void;
  /** One measured execution: its latency and, if it threw, the error's type. */
  measured(
    snapshot: CompiledSnapshot,
    flag: CompiledFlag,
    index: number,
    cohort: number,
    ms: number,
    error: unknown,
    failed: boolean,
  ): void;
  /** One conversion event attributed to the unit's variant and cohort of `flag`. */
  converted(
    snapshot: CompiledSnapshot,
    flag: CompiledFlag,
    index: number,
    cohort: number,
    name: string,
  ): void;
  /** Sends what was seen since the last report, and reports that failed before. Never rejects. */
  flush(): Promise<void>;
  /** Stops the timer and sends the last report. */
  close(): Promise<void>;
}

export interface SignalsOptions {
  url: string;
  key: string;
  fetch: Fetch;
  /** @default 30000 */
  interval: number;
  now: () => number;
  onError(error: FlagstaffError): void;
  /** Makes the latency sketch of one cell; without it, measured calls carry no latency. */
  sketch?: () => LatencyRecorder;
}

const COHORT_COUNT = COHORTS.length;
/** Reports that failed and wait to be sent again, with their batch id: at most this many. */
const MAX_PENDING = 8;
const MAX_ATTEMPTS = 5;

class Cell {
  calls = 0;
  errors: Map<string, number> | undefined;
  latency: LatencyRecorder | undefined;
  conversions: Map<string, number> | undefined;
}

/** Counters for one compiled snapshot: cell (flag, variant, cohort) at offsets[ordinal] + variant * 5 + cohort. */
class Table {
  readonly offsets: Int32Array;
  readonly counts: Float64Array;
  cells: (Cell | undefined)[] = [];

  constructor(readonly snapshot: CompiledSnapshot | undefined) {
    this.offsets = new Int32Array(snapshot?.flagCount ?? 0);
    let size = 0;
    for (const flag of compiledFlags(snapshot)) {
      this.offsets[flag.ordinal] = size;
      size += flag.variants.keys.length * COHORT_COUNT;
    }
    this.counts = new Float64Array(size);
  }

  slot(flag: CompiledFlag, index: number, cohort: number): number {
    return this.offsets[flag.ordinal]! + index * COHORT_COUNT + cohort;
  }
}

function* compiledFlags(snapshot: CompiledSnapshot | undefined): Generator<CompiledFlag> {
  if (snapshot === undefined) return;
  for (const entry of snapshot.flags.values() as IterableIterator<FlagEntry>) {
    if (!('malformed' in entry)) yield entry;
  }
}

function addCounts(into: Record<string, number>, from: ReadonlyMap<string, number> | Record<string, number>) {
  for (const [k, v] of from instanceof Map ? from : Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function addSketch(into: WireSketch, from: WireSketch) {
  into.zeroCount += from.zeroCount;
  addCounts(into.bins, from.bins);
}

/** The window's entries, merged per (flag, version, variant, cohort) across the snapshots held. */
function collect(tables: Table[]): SignalEntry[] {
  const entries = new Map<string, SignalEntry>();
  for (const table of tables) {
    for (const flag of compiledFlags(table.snapshot)) {
      for (let index = 0; index < flag.variants.keys.length; index++) {
        for (let cohort = 0; cohort < COHORT_COUNT; cohort++) {
          const slot = table.slot(flag, index, cohort);
          const exposures = table.counts[slot]!;
          const cell = table.cells[slot];
          if (exposures === 0 && cell === undefined) continue;
          const variant = flag.variants.keys[index]!;
          const key = `${flag.key}\u0000${flag.version}\u0000${variant}\u0000${cohort}`;
          let entry = entries.get(key);
          if (entry === undefined) {
            entry = {
              flag: flag.key,
              version: flag.version,
              variant,
              cohort: COHORTS[cohort]!,
              exposures: 0,
            };
            entries.set(key, entry);
          }
          entry.exposures += exposures;
          if (cell === undefined) continue;
          if (cell.calls > 0) entry.calls = (entry.calls ?? 0) + cell.calls;
          if (cell.errors) {
            entry.errors ??= {};
            addCounts(entry.errors, cell.errors);
          }
          if (cell.latency) {
            entry.latency ??= { zeroCount: 0, bins: {} };
            addSketch(entry.latency, cell.latency.wire());
          }
          if (cell.conversions) {
            entry.conversions ??= {};
            addCounts(entry.conversions, cell.conversions);
          }
        }
      }
    }
  }
  return [...entries.values()];
}

export function createSignals(o: SignalsOptions): Signals {
  let current = new Table(undefined);
  let tables: Table[] = [current];
  let start = o.now();
  let pending: { report: SignalsReport; attempts: number }[] = [];
  const endpoint = `${o.url.replace(/\/+$/, '')}/api/v1/sdk/metrics`;

  /** The snapshot changed (rare): find or make its table; older ones stay until the report. */
  function tableFor(snapshot: CompiledSnapshot): Table {
    current = tables.find((t) => t.snapshot === snapshot) ?? new Table(snapshot);
    if (!tables.includes(current)) tables.push(current);
    return current;
  }

  function cell(snapshot: CompiledSnapshot, flag: CompiledFlag, index: number, cohort: number): Cell {
    const table = current.snapshot === snapshot ? current : tableFor(snapshot);
    const slot = table.slot(flag, index, cohort);
    let c = table.cells[slot];
    if (c === undefined) {
      c = new Cell();
      table.cells[slot] = c;
    }
    return c;
  }

  async function send(item: { report: SignalsReport; attempts: number }) {
    let error: unknown;
    let retry = true;
    try {
      const response = await o.fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(item.report),
      });
      await response.body?.cancel();
      if (response.ok) return;
      retry = retryable(response.status);
      error = new Error(`HTTP ${response.status}`);
    } catch (e) {
      error = e;
    }
    // The same batch id goes again with the next report: the server counts a batch once.
    item.attempts++;
    if (retry && item.attempts < MAX_ATTEMPTS && pending.length < MAX_PENDING) pending.push(item);
    o.onError(new FlagstaffError('METRICS', 'metrics not sent', undefined, error));
  }

  async function flush() {
    const entries = collect(tables);
    const window = { start: new Date(start).toISOString(), end: new Date(o.now()).toISOString() };
    start = o.now();
    current.counts.fill(0);
    current.cells = [];
    tables = [current];
    const items = pending;
    pending = [];
    for (let i = 0; i < entries.length; i += MAX_SIGNALS_PER_REPORT) {
      const signals = entries.slice(i, i + MAX_SIGNALS_PER_REPORT);
      items.push({ report: { batchId: newBatchId(), ...window, signals }, attempts: 0 });
    }
    await Promise.all(items.map(send));
  }

  const timer = setInterval(() => void flush(), o.interval);
  // A report timer alone must not keep a Node process alive.
  (timer as { unref?: () => void }).unref?.();

  return {
    expose(snapshot, flag, index, cohort) {
      const table = current.snapshot === snapshot ? current : tableFor(snapshot);
      table.counts[table.offsets[flag.ordinal]! + index * COHORT_COUNT + cohort]! += 1;
    },
    measured(snapshot, flag, index, cohort, ms, error, failed) {
      const c = cell(snapshot, flag, index, cohort);
      c.calls++;
      if (o.sketch !== undefined) {
        c.latency ??= o.sketch();
        c.latency.accept(ms);
      }
      if (failed) {
        c.errors ??= new Map();
        countName(c.errors, errorType(error), MAX_ERROR_TYPES);
      }
    },
    converted(snapshot, flag, index, cohort, name) {
      const c = cell(snapshot, flag, index, cohort);
      c.conversions ??= new Map();
      countName(c.conversions, name, MAX_CONVERSION_NAMES);
    },
    flush,
    close() {
      clearInterval(timer);
      return flush();
    },
  };
}
