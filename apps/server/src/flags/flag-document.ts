import type { FlagConfig, FlagType, Rule, Serve, Variant } from '@flagstaff/evaluator';

/** A flag's state in one environment. */
export interface EnvironmentState {
  /** The kill switch. */
  enabled: boolean;
  offVariant: string;
  rules: Rule[];
  /** The default rollout, for units no rule took. */
  fallthrough: Serve;
  /** Whether client SDK keys receive this flag. */
  clientVisible: boolean;
}

/** Everything a flag is, as stored in each version and returned by the API (plus version metadata). */
export interface FlagDocument {
  key: string;
  name: string;
  description: string;
  type: FlagType;
  owner: string | null;
  tags: string[];
  variants: Variant[];
  /** Created once with the flag, never changed: changing it would re-bucket every unit. */
  salt: string;
  archived: boolean;
  createdAt: string;
  expiresAt: string | null;
  environments: Record<string, EnvironmentState>;
}

export type LifecycleState = 'active' | 'expired' | 'archived';
export const LIFECYCLE_STATES: readonly LifecycleState[] = ['active', 'expired', 'archived'];

export interface FlagView extends FlagDocument {
  version: number;
  updatedAt: string;
  state: LifecycleState;
}

export const DEFAULT_VARIANTS: Variant[] = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];

export function defaultOffVariant(variants: Variant[]): string {
  return (
    (variants.find((v) => v.key === 'off') ?? variants.find((v) => v.value === false) ?? variants[0])?.key ??
    'off'
  );
}

/** A flag starts disabled everywhere, serving its off variant (the playbook's "created, disabled by default"). */
export function defaultEnvironmentState(variants: Variant[]): EnvironmentState {
  const offVariant = defaultOffVariant(variants);
  return {
    enabled: false,
    offVariant,
    rules: [],
    fallthrough: { variant: offVariant },
    clientVisible: false,
  };
}

export function lifecycleState(
  flag: { archived: boolean; expiresAt: string | null },
  now: Date,
): LifecycleState {
  if (flag.archived) return 'archived';
  if (flag.expiresAt !== null && Date.parse(flag.expiresAt) < now.getTime()) return 'expired';
  return 'active';
}

/** The evaluator's view of a flag in one environment. */
export function toFlagConfig(flag: FlagDocument, environment: string, version?: number): FlagConfig {
  const state = flag.environments[environment] ?? defaultEnvironmentState(flag.variants);
  return {
    key: flag.key,
    type: flag.type,
    salt: flag.salt,
    variants: flag.variants,
    enabled: state.enabled,
    offVariant: state.offVariant,
    rules: state.rules,
    fallthrough: state.fallthrough,
    ...(version === undefined ? {} : { version }),
  };
}

/** The evaluation type the explain endpoint asks for: what the variants' values are. */
export function valueType(variants: Variant[]): 'boolean' | 'string' | 'number' | 'json' {
  const types = new Set(variants.map((v) => typeof v.value));
  if (types.size !== 1) return 'json';
  const [only] = types;
  return only === 'boolean' || only === 'string' || only === 'number' ? only : 'json';
}
