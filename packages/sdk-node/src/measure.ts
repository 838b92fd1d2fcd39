import {
  BUCKETS,
  type CompiledFlag,
  type CompiledSnapshot,
  type EvaluationContext,
  evaluateIndex,
  type FlagEntry,
  type JsonValue,
  servedCohort,
  servedFlag,
} from '@flagstaff/evaluator';
import { type Signals, signalName } from '@flagstaff/sdk-core';
import type { FlagstaffClient } from './flagstaff-client.ts';

export type SignalsReader = Pick<FlagstaffClient, 'measure' | 'track'>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Records one measured run; best effort: it never changes what the application sees. */
function record(
  signals: Signals,
  snapshot: CompiledSnapshot,
  flag: CompiledFlag,
  index: number,
  cohort: number,
  ms: number,
  error: unknown,
  failed: boolean,
): void {
  try {
    signals.measured(snapshot, flag, index, cohort, ms, error, failed);
  } catch {
    // Nothing to do: a lost measurement is not the application's problem.
  }
}

/** The flags `track` attributes to when none are named: those whose fallthrough has a percentage gate. */
const gatedFlags = new WeakMap<CompiledSnapshot, string[]>();
function gated(snapshot: CompiledSnapshot): string[] {
  let keys = gatedFlags.get(snapshot);
  if (keys === undefined) {
    keys = [];
    for (const entry of snapshot.flags.values() as IterableIterator<FlagEntry>) {
      if (!('malformed' in entry) && entry.enabled && entry.fallthrough.threshold < BUCKETS)
        keys.push(entry.key);
    }
    gatedFlags.set(snapshot, keys);
  }
  return keys;
}

/**
 * `measure` and `track` over whatever snapshot `current` returns. Without `signals` (metrics off,
 * or the testing client) `measure` only runs the function and `track` does nothing.
 */
export function createSignalsReader(
  current: () => CompiledSnapshot,
  signals: Signals | undefined,
  now: () => number = () => performance.now(),
): SignalsReader {
  return {
    measure<R, T extends JsonValue = boolean>(
      flag: string,
      context: EvaluationContext,
      fn: (value: T, variant: string | undefined) => R,
      defaultValue?: T,
    ): R {
      const snapshot = current();
      const index = evaluateIndex(snapshot, flag, context, 'json');
      const fallback = (defaultValue ?? false) as T;
      if (index < 0) return fn(fallback, undefined);
      const served = servedFlag();
      const cohort = servedCohort();
      const value = served.variants.values[index] as T;
      const variant = served.variants.keys[index];
      if (signals === undefined) return fn(value, variant);
      signals.expose(snapshot, served, index, cohort);
      // No closure per synchronous call: `record` takes everything as arguments.
      const started = now();
      let result: R;
      try {
        result = fn(value, variant);
      } catch (error) {
        record(signals, snapshot, served, index, cohort, now() - started, error, true);
        throw error;
      }
      if (!isThenable(result)) {
        record(signals, snapshot, served, index, cohort, now() - started, undefined, false);
        return result;
      }
      return result.then(
        (settled) => {
          record(signals, snapshot, served, index, cohort, now() - started, undefined, false);
          return settled;
        },
        (error: unknown) => {
          record(signals, snapshot, served, index, cohort, now() - started, error, true);
          throw error;
        },
      ) as R;
    },

    track(event, context, options) {
      if (signals === undefined) return;
      try {
        const name = signalName(String(event));
        const snapshot = current();
        for (const flag of options?.flags ?? gated(snapshot)) {
          const index = evaluateIndex(snapshot, flag, context, 'json');
          if (index >= 0) signals.converted(snapshot, servedFlag(), index, servedCohort(), name);
        }
      } catch {
        // Never thrown into the application.
      }
    },
  };
}
