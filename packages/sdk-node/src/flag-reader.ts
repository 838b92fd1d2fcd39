import {
  type CompiledSnapshot,
  type EvaluationContext,
  evaluate,
  isEnabled as evaluatorIsEnabled,
  type JsonValue,
  type ValueType,
  valueTypeOfDefault,
} from '@flagstaff/evaluator';
import type { FlagstaffClient } from './flagstaff-client.ts';

/** The evaluating half of a client, over whatever snapshot `current` returns at each call. */
export type FlagReader = Pick<
  FlagstaffClient,
  'isEnabled' | 'variant' | 'getString' | 'getNumber' | 'getJson' | 'explain'
>;

/**
 * `count` sees the variant of each successful evaluation (errors have none). Without it,
 * `isEnabled` takes the evaluator's allocation-free path.
 */
export function createFlagReader(
  current: () => CompiledSnapshot,
  count?: (flag: string, variant: string) => void,
): FlagReader {
  function run<T>(flag: string, context: EvaluationContext, defaultValue: T, type: ValueType) {
    const result = evaluate(current(), flag, context, defaultValue, type);
    if (count !== undefined && result.variant !== undefined) count(flag, result.variant);
    return result;
  }
  return {
    isEnabled(flag, context, defaultValue = false) {
      if (count === undefined) return evaluatorIsEnabled(current(), flag, context, defaultValue);
      return run(flag, context, defaultValue, 'boolean').value;
    },
    variant: (flag, context) => run<JsonValue>(flag, context, null, 'json').variant,
    getString: (flag, context, defaultValue) => run(flag, context, defaultValue, 'string').value,
    getNumber: (flag, context, defaultValue) => run(flag, context, defaultValue, 'number').value,
    getJson: (flag, context, defaultValue) => run(flag, context, defaultValue, 'json').value,
    explain: (flag, context, defaultValue = null) =>
      run(flag, context, defaultValue, valueTypeOfDefault(defaultValue)),
  };
}
