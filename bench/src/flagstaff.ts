/**
 * Flagstaff's side: a Snapshot of FlagConfigs compiled once with `compileSnapshot`, evaluated with
 * `isEnabled(compiled, key, context, false)` on `{ userId, country, email, plan }` contexts.
 */
import {
  type CompiledSnapshot,
  compileSnapshot,
  type EvaluationContext,
  evaluate,
  type FlagConfig,
  isEnabled,
  murmur3,
  type Snapshot,
} from '@flagstaff/evaluator';
import type { FlagImplementation, HashImplementation } from './implementation.ts';
import { type FlagSpec, TARGETING } from './scenarios.ts';
import type { User } from './users.ts';

export function toFlagConfig(flag: FlagSpec): FlagConfig {
  const { countries, emailDomains, plans } = flag.targeting ?? TARGETING;
  const on = { variant: 'on', percentage: flag.percentage };
  return {
    key: flag.key,
    type: 'release',
    salt: flag.salt,
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    enabled: true,
    offVariant: 'off',
    rules:
      flag.kind === 'targeted-rollout'
        ? [
            {
              id: 'targeted',
              conditions: [
                { op: 'in', attribute: 'country', values: [...countries] },
                { op: 'ends_with', attribute: 'email', values: [...emailDomains] },
                plans.length === 1
                  ? { op: 'eq', attribute: 'plan', value: plans[0]! }
                  : { op: 'in', attribute: 'plan', values: [...plans] },
              ],
              serve: on,
            },
          ]
        : [],
    fallthrough:
      flag.kind === 'on-off' ? { variant: 'on' } : flag.kind === 'rollout' ? on : { variant: 'off' },
    version: 1,
  };
}

export function toSnapshot(flags: readonly FlagSpec[]): Snapshot {
  return {
    schemaVersion: 1,
    environment: 'bench',
    revision: 1,
    flags: flags.map(toFlagConfig),
    segments: [],
  };
}

export function toFlagstaffContext(user: User): EvaluationContext {
  return { userId: user.userId, country: user.country, email: user.email, plan: user.plan };
}

export function createFlagstaff(flags: readonly FlagSpec[], users: readonly User[]): FlagImplementation {
  const compiled: CompiledSnapshot = compileSnapshot(toSnapshot(flags));
  const contexts = users.map(toFlagstaffContext);
  return {
    name: 'Flagstaff',
    isPeer: false,
    evaluate: (key, i) => {
      // The sanity check also goes through `evaluate`, which would report an error reason.
      const detail = evaluate(compiled, key, contexts[i]!, false);
      if (detail.reason === 'ERROR')
        throw new Error(`Flagstaff: ${key}: ${detail.errorCode} ${detail.errorMessage}`);
      const enabled = isEnabled(compiled, key, contexts[i]!, false);
      if (enabled !== detail.value) throw new Error(`Flagstaff: isEnabled and evaluate disagree on ${key}`);
      return enabled;
    },
    loop: (key) => (reps) => {
      let n = 0;
      for (let r = 0; r < reps; r++) {
        for (let i = 0; i < contexts.length; i++) if (isEnabled(compiled, key, contexts[i]!, false)) n++;
      }
      return n;
    },
    close: () => {},
  };
}

export function createFlagstaffHash(keys: readonly string[]): HashImplementation {
  return {
    name: 'Flagstaff murmur3(string)',
    isPeer: false,
    hash: (i) => murmur3(keys[i]!),
    loop: () => (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r++)
        for (let i = 0; i < keys.length; i++) acc = (acc + murmur3(keys[i]!)) | 0;
      return acc;
    },
  };
}
