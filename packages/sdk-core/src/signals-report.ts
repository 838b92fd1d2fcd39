import type { Cohort } from '@flagstaff/evaluator';

/**
 * The latency sketches' relative accuracy, fixed by the protocol (docs/sdk-protocol.md): every
 * sketch maps a value v > 0 to the bin index ceil(log(v) / log(gamma)), gamma = (1 + a) / (1 - a),
 * so sketches from any SDK merge by adding bins.
 */
export const LATENCY_RELATIVE_ACCURACY = 0.01;

/** A DDSketch of latencies in milliseconds, as it travels: sparse bins and the count of zeroes. */
export interface WireSketch {
  /** Values too small to map (0 ms, or below the mapping's smallest value). */
  zeroCount: number;
  /** Bin index (an integer, as a string) to count. */
  bins: Record<string, number>;
}

/** What one SDK saw of one flag version, variant and cohort over a report's window. */
export interface SignalEntry {
  flag: string;
  version: number;
  variant: string;
  cohort: Cohort;
  /** Evaluations that served this variant in this cohort. */
  exposures: number;
  /** Executions timed by `measure()` (the error rate's denominator). */
  calls?: number;
  /** Errors thrown by measured executions, by type (at most MAX_ERROR_TYPES, then `other`). */
  errors?: Record<string, number>;
  latency?: WireSketch;
  /** Conversion events by name (at most MAX_CONVERSION_NAMES, then `other`). */
  conversions?: Record<string, number>;
}

/** The body of `POST /api/v1/sdk/metrics`, version 2: retried with the same `batchId`, counted once. */
export interface SignalsReport {
  batchId: string;
  start: string;
  end: string;
  signals: SignalEntry[];
}

/** Bounded cardinality: the server refuses more; the SDK folds the rest into `other`. */
export const MAX_ERROR_TYPES = 20;
export const MAX_CONVERSION_NAMES = 20;
/** The server's limit on entries per report: the SDK splits larger windows into several reports. */
export const MAX_SIGNALS_PER_REPORT = 2000;

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A name the server accepts (error types, conversion names): other characters become `_`. */
export function signalName(raw: string): string {
  if (NAME.test(raw)) return raw;
  const cleaned = raw.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'unknown' : cleaned;
}

/** An error's type: its string `code` (ECONNRESET, ERR_…) when it has one, else its `name`. */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return signalName(code);
    if (typeof name === 'string' && name !== '') return signalName(name);
    return 'Error';
  }
  return `thrown_${typeof error}`;
}

/** Adds one to `name` in `counts`, folding names beyond `max` distinct ones into `other`. */
export function countName(counts: Map<string, number>, name: string, max: number, by = 1): void {
  const key = counts.has(name) || counts.size < max ? name : 'other';
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/** A random batch id: `crypto.randomUUID` where there is one (not on plain-HTTP pages). */
export function newBatchId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  let id = '';
  for (let i = 0; i < 4; i++)
    id += Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return id;
}
