import { type CompiledSnapshot, compileSnapshot, type FlagConfig } from '../../src/index.ts';

/** An on/off flag, enabled, no rules, serving `on`; override any field. */
export function booleanFlag(overrides: Partial<FlagConfig> & { key: string }): FlagConfig {
  return {
    type: 'release',
    salt: `salt-${overrides.key}`,
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    enabled: true,
    offVariant: 'off',
    rules: [],
    fallthrough: { variant: 'on' },
    ...overrides,
  };
}

/** A compiled snapshot of these flags and no segments. */
export function snapshotOf(...flags: FlagConfig[]): CompiledSnapshot {
  return compileSnapshot({ schemaVersion: 1, environment: 'test', revision: 1, flags, segments: [] });
}
