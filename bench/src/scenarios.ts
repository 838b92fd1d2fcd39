/**
 * The scenarios, described once, neutrally; each implementation (peers/*.ts) translates them into
 * its own configuration format.
 */
import { TARGET_COUNTRIES, TARGET_DOMAIN, TARGET_PLAN } from './users.ts';

export type FlagKind = 'on-off' | 'rollout' | 'targeted-rollout';

export interface FlagSpec {
  key: string;
  /** Bucketing salt / seed / group id: distinct per flag. */
  salt: string;
  kind: FlagKind;
  /** Share of (matching) users let through, in percent. Ignored for `on-off`. */
  percentage: number;
}

/** The three conditions of a targeted rollout, in a neutral form. */
export const TARGETING = {
  countries: TARGET_COUNTRIES,
  emailDomain: TARGET_DOMAIN,
  plan: TARGET_PLAN,
} as const;

export interface Scenario {
  id: 'a' | 'b' | 'c';
  title: string;
  flag: FlagSpec;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'a',
    title: '(a) on/off flag, no rules',
    flag: { key: 'bench-on-off', salt: 'salt-a', kind: 'on-off', percentage: 100 },
  },
  {
    id: 'b',
    title: '(b) 10% rollout on userId',
    flag: { key: 'bench-rollout', salt: 'salt-b', kind: 'rollout', percentage: 10 },
  },
  {
    id: 'c',
    title: '(c) 3 conditions + 10% rollout',
    flag: { key: 'bench-targeted', salt: 'salt-c', kind: 'targeted-rollout', percentage: 10 },
  },
];

/** The memory benchmark's flags: `count` targeted rollouts like (c), with distinct keys and salts. */
export function memoryFlagSpecs(count = 10_000): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, '0');
    specs.push({
      key: `flag-${n}`,
      salt: `s${n}-${(i * 2_654_435_761) >>> 0}`,
      kind: 'targeted-rollout',
      percentage: 10,
    });
  }
  return specs;
}
