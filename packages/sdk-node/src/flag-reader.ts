import {
  type CompiledSnapshot,
  type EvaluationContext,
  evaluate,
  evaluateIndex,
  isEnabled as evaluatorIsEnabled,
  servedCohort,
  servedFlag,
  type ValueType,
  valueTypeOfDefault,
} from '@flagstaff/evaluator';
import type { Signals } from '@flagstaff/sdk-core';
import type { FlagstaffClient } from './flagstaff-client.ts';

/** Where the snapshot evaluated comes from: read at every call (a plain property: the hot path). */
export interface SnapshotSource {
  readonly current: CompiledSnapshot;
}

/** The evaluating half of a client, over whatever snapshot `current` returns at each call. */
export type FlagReader = Pick<
  FlagstaffClient,
  'isEnabled' | 'variant' | 'getString' | 'getNumber' | 'getJson' | 'explain'
>;

/**
 * `signals` counts each successful evaluation by flag version, variant and cohort (errors have no
 * variant): the evaluator's allocation-free path, then one typed-array increment. Without it,
 * `isEnabled` is the evaluator's call alone.
 */
export function createFlagReader(source: SnapshotSource, signals?: Signals): FlagReader {
  const current = () => source.current;
  /** The served variant's index (-1 on error), counted; `servedFlag()` holds the flag. */
  function run(flag: string, context: EvaluationContext, type: ValueType): number {
    const snapshot = current();
    const index = evaluateIndex(snapshot, flag, context, type);
    if (index >= 0 && signals !== undefined) signals.expose(snapshot, servedFlag(), index, servedCohort());
    return index;
  }
  function value<T>(flag: string, context: EvaluationContext, defaultValue: T, type: ValueType): T {
    const index = run(flag, context, type);
    return index < 0 ? defaultValue : (servedFlag().variants.values[index] as T);
  }
  // The hot path, written out: one evaluation, one increment. One function for each case, chosen
  // once: V8 inlines a call chain up to a total bytecode size, and with the silent branch in the
  // same function the evaluator's runFlag no longer fitted (a real call per evaluation, bench:sdk).
  const isEnabled: FlagReader['isEnabled'] =
    signals === undefined
      ? (flag, context, defaultValue = false) =>
          evaluatorIsEnabled(source.current, flag, context, defaultValue)
      : (flag, context, defaultValue = false) => {
          const snapshot = source.current;
          const index = evaluateIndex(snapshot, flag, context, 'boolean');
          if (index < 0) return defaultValue;
          const served = servedFlag();
          signals.expose(snapshot, served, index, servedCohort());
          return served.variants.values[index] as boolean;
        };
  return {
    isEnabled,
    variant(flag, context) {
      const index = run(flag, context, 'json');
      return index < 0 ? undefined : servedFlag().variants.keys[index];
    },
    getString: (flag, context, defaultValue) => value(flag, context, defaultValue, 'string'),
    getNumber: (flag, context, defaultValue) => value(flag, context, defaultValue, 'number'),
    getJson: (flag, context, defaultValue) => value(flag, context, defaultValue, 'json'),
    explain(flag, context, defaultValue = null) {
      const snapshot = current();
      const result = evaluate(snapshot, flag, context, defaultValue, valueTypeOfDefault(defaultValue));
      if (result.variant !== undefined && signals !== undefined) {
        // `evaluate` leaves the served flag and decision in place, as `evaluateIndex` does.
        const served = servedFlag();
        signals.expose(snapshot, served, served.variants.keys.indexOf(result.variant), servedCohort());
      }
      return result;
    },
  };
}
