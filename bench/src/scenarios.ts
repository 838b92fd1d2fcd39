/**
 * The scenarios, described once, neutrally; each implementation (peers/*.ts) translates them into
 * its own configuration format.
 */
import { TARGET_COUNTRIES, TARGET_DOMAIN, TARGET_PLAN } from './users.ts';

export type FlagKind = 'on-off' | 'rollout' | 'targeted-rollout';

/** A targeted rollout's audience: country in `countries`, email ending with one of `emailDomains`, plan in `plans`. */
export interface Targeting {
  countries: readonly string[];
  emailDomains: readonly string[];
  plans: readonly string[];
}

export interface FlagSpec {
  key: string;
  /** Bucketing salt / seed / group id: distinct per flag. */
  salt: string;
  kind: FlagKind;
  /** Share of (matching) users let through, in percent. Ignored for `on-off`. */
  percentage: number;
  /** The audience of a targeted rollout. @default TARGETING */
  targeting?: Targeting;
}

/** The three conditions of a targeted rollout, in a neutral form. */
export const TARGETING: Targeting = {
  countries: TARGET_COUNTRIES,
  emailDomains: [TARGET_DOMAIN],
  plans: [TARGET_PLAN],
};

/**
 * A flag's own audience, equal in effect to TARGETING (the same users match) but different in
 * every condition: no two flags share a list, so nothing can be shared between their compiled forms.
 */
export function distinctTargeting(n: string): Targeting {
  return {
    countries: [...TARGET_COUNTRIES, `Z${n}`],
    emailDomains: [TARGET_DOMAIN, `@team-${n}.example`],
    plans: [TARGET_PLAN, `plan-${n}`],
  };
}

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

/**
 * The memory benchmark's flags: `count` targeted rollouts like (c), with distinct keys and salts;
 * with `distinct`, each with its own audience too (see distinctTargeting).
 */
export function memoryFlagSpecs(count = 10_000, distinct = false): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, '0');
    specs.push({
      key: `flag-${n}`,
      salt: `s${n}-${(i * 2_654_435_761) >>> 0}`,
      kind: 'targeted-rollout',
      percentage: 10,
      ...(distinct ? { targeting: distinctTargeting(n) } : {}),
    });
  }
  return specs;
}
