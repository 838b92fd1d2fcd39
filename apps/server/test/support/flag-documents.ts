import type { EnvironmentState, FlagDocument } from '../../src/flags/flag-document.ts';

/** A production environment that serves `off` to everyone. */
export const offState: EnvironmentState = {
  enabled: false,
  offVariant: 'off',
  rules: [],
  fallthrough: { variant: 'off' },
  clientVisible: false,
};

/** A boolean release flag `key` (variants on/off), owned by `team`, with `production` in `state`. */
export function flagDocument(
  key: string,
  state: Partial<EnvironmentState> = {},
  fields: Partial<FlagDocument> = {},
): FlagDocument {
  return {
    key,
    name: key,
    description: '',
    type: 'release',
    owner: 'team',
    tags: [],
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    salt: `salt-${key}`,
    archived: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    environments: { production: { ...offState, ...state } },
    ...fields,
  };
}
