import { COHORTS, type Cohort } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { SignalSource, SignalsQuery, SignalWindow } from '../rollouts/signals-port.ts';
import { sketchFromBins } from './latency-sketch.ts';
import {
  readSlotRows,
  readSlotStamps,
  type SlotRow,
  type SlotStamp,
  type SlotWindow,
  stampOf,
} from './signal-slot-queries.ts';
import { BUCKET_MS, type CohortSignals } from './signals-repository.ts';

/** One slot of a look's series, summed from its rows, and the stamp of the rows it was summed from. */
interface Slot {
  stamp: SlotStamp;
  newest: number;
  cohorts: Partial<Record<Cohort, CohortSignals>>;
}

/** Windows whose slots are kept between looks (about one per running plan and stage). */
const MAX_CACHED_WINDOWS = 4_096;
/** Windows whose changed slots are read in one statement (bounds the rows held at once). */
const WINDOWS_PER_READ = 100;

const COHORT_SET = new Set<string>(COHORTS);

function emptyCohort(): CohortSignals {
  return { exposures: 0, calls: 0, errors: {}, latency: sketchFromBins(), conversions: {} };
}

function addCounts(into: Record<string, number>, from: Record<string, number>) {
  for (const key in from) into[key] = (into[key] ?? 0) + Number(from[key]);
}

const parsed = (json: string): Record<string, number> =>
  json === '{}' ? {} : (JSON.parse(json) as Record<string, number>);

/** A slot from its rows: counts and maps summed, one latency sketch per cohort. */
function slotOf(rows: SlotRow[]): Slot {
  const sums = new Map<Cohort, CohortSignals & { bins: Record<string, number>; zero: number }>();
  let xmin = 0;
  let newest = 0;
  for (const row of rows) {
    xmin += row.xmin;
    newest = Math.max(newest, row.bucketStart.getTime());
    if (!COHORT_SET.has(row.cohort)) continue;
    const cohort = row.cohort as Cohort;
    let sum = sums.get(cohort);
    if (!sum) {
      sum = { ...emptyCohort(), bins: {}, zero: 0 };
      sums.set(cohort, sum);
    }
    sum.exposures += row.exposures;
    sum.calls += row.calls;
    sum.zero += row.latencyZero;
    addCounts(sum.errors, parsed(row.errors));
    addCounts(sum.conversions, parsed(row.conversions));
    addCounts(sum.bins, parsed(row.latencyBins));
  }
  const cohorts: Slot['cohorts'] = {};
  for (const [cohort, { bins, zero, ...sum }] of sums) {
    cohorts[cohort] = { ...sum, latency: sketchFromBins(bins, zero) };
  }
  return { stamp: stampOf(rows.length, xmin), newest, cohorts };
}

function add(into: CohortSignals, from: CohortSignals) {
  into.exposures += from.exposures;
  into.calls += from.calls;
  addCounts(into.errors, from.errors);
  addCounts(into.conversions, from.conversions);
  into.latency.merge(from.latency);
}

/** A cohort without reports in a slot: shared, never merged into (windows are read only). */
const NO_SIGNALS: CohortSignals = Object.freeze(emptyCohort());

function windowOf(query: SignalsQuery, w: SlotWindow, slots: Map<number, Slot>): SignalWindow {
  const cohorts = {} as Record<Cohort, CohortSignals>;
  const series: SignalWindow['series'] = [];
  let newest: number | undefined;
  const indexes = [...slots.keys()].sort((a, b) => a - b);
  for (const index of indexes) newest = Math.max(newest ?? 0, slots.get(index)!.newest);
  for (const cohort of COHORTS) {
    const present = indexes.filter((i) => slots.get(i)!.cohorts[cohort] !== undefined);
    if (present.length === 0) {
      cohorts[cohort] = NO_SIGNALS;
      continue;
    }
    const total = emptyCohort();
    for (const index of present) add(total, slots.get(index)!.cohorts[cohort]!);
    cohorts[cohort] = total;
  }
  for (const index of indexes) {
    const slot = slots.get(index)!;
    // The series shares the slots' sums (kept between looks): nothing downstream writes to a window.
    const coarse = Object.fromEntries(COHORTS.map((c) => [c, slot.cohorts[c] ?? NO_SIGNALS]));
    series.push({
      bucketStart: new Date(w.since.getTime() + index * w.widthMs),
      cohorts: coarse as Record<Cohort, CohortSignals>,
    });
  }
  // A bucket holds reports up to its end; never later than the look itself.
  const newestReport =
    newest === undefined ? undefined : new Date(Math.min(newest + BUCKET_MS, query.until.getTime()));
  return { cohorts, series, newestReport };
}

function slotWindowOf(query: SignalsQuery): SlotWindow {
  // The 10 s bucket the stage started in counts too: reports in it on the stage's flag version (or
  // later) were made after the stage began, since that version did not exist before.
  const since = new Date(Math.floor(query.since.getTime() / BUCKET_MS) * BUCKET_MS);
  return {
    environment: query.environment,
    flagKey: query.flagKey,
    minVersion: query.minVersion,
    since,
    until: query.until,
    widthMs: query.resolutionSeconds * 1000,
  };
}

const keyOf = (w: SlotWindow) =>
  `${w.environment}\u0000${w.flagKey}\u0000${w.minVersion}\u0000${w.since.getTime()}\u0000${w.widthMs}`;

/**
 * The rollout engine's signals, from the SDK reports stored in PostgreSQL, read incrementally: each
 * window's slots are kept between looks with the stamp of the rows they were summed from, and a look
 * reads the stamps of all its windows in one statement, then the rows of only the slots whose stamp
 * moved (usually the newest), in one more. A look's figures are those of a full read at that moment:
 * a late report into an old bucket moves that slot's stamp like any other.
 */
export function createStoredSignals(db: Db): SignalSource {
  const cache = new Map<string, Map<number, Slot>>();

  function cached(key: string): Map<number, Slot> {
    const slots = cache.get(key) ?? new Map<number, Slot>();
    // Most recently used last: the oldest windows (ended plans, earlier stages) leave first.
    cache.delete(key);
    cache.set(key, slots);
    if (cache.size > MAX_CACHED_WINDOWS) cache.delete(cache.keys().next().value!);
    return slots;
  }

  async function readChunk(queries: SignalsQuery[]): Promise<SignalWindow[]> {
    const windows = queries.map(slotWindowOf);
    const stamps = await readSlotStamps(db, windows);
    const kept = windows.map((w) => cached(keyOf(w)));
    const present = windows.map(() => new Set<number>());
    const stale: { window: number; slot: number; from: Date; to: Date }[] = [];
    for (const { window, slot, stamp } of stamps) {
      present[window]!.add(slot);
      if (kept[window]!.get(slot)?.stamp === stamp) continue;
      const w = windows[window]!;
      const from = w.since.getTime() + slot * w.widthMs;
      stale.push({
        window,
        slot,
        from: new Date(from),
        to: new Date(Math.min(from + w.widthMs, w.until.getTime())),
      });
    }
    for (const [i, slots] of kept.entries()) {
      for (const slot of slots.keys()) if (!present[i]!.has(slot)) slots.delete(slot);
    }
    const rows = new Map<string, SlotRow[]>();
    for (const row of await readSlotRows(db, windows, stale)) {
      const id = `${row.window}:${row.slot}`;
      const list = rows.get(id);
      if (list) list.push(row);
      else rows.set(id, [row]);
    }
    for (const { window, slot } of stale) {
      const found = rows.get(`${window}:${slot}`);
      // Gone between the two statements (retention): as if never there.
      if (found) kept[window]!.set(slot, slotOf(found));
      else kept[window]!.delete(slot);
    }
    return queries.map((query, i) => windowOf(query, windows[i]!, kept[i]!));
  }

  async function readMany(queries: SignalsQuery[]): Promise<SignalWindow[]> {
    const chunks: SignalsQuery[][] = [];
    for (let i = 0; i < queries.length; i += WINDOWS_PER_READ)
      chunks.push(queries.slice(i, i + WINDOWS_PER_READ));
    // Two chunks in flight: PostgreSQL reads one while this process sums the other.
    const out: SignalWindow[][] = new Array(chunks.length);
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const i = next++;
        out[i] = await readChunk(chunks[i]!);
      }
    };
    await Promise.all([worker(), worker()]);
    return out.flat();
  }

  return {
    async read(query) {
      return (await readMany([query]))[0]!;
    },
    readMany,
  };
}
