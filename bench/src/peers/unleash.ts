/**
 * unleash-client (v6), offline: a bootstrap from in-memory data, no URL fetch (refreshInterval 0),
 * no metrics, in-memory storage (no backup file). Evaluated with `isEnabled(name, context)`.
 */
import { once } from 'node:events';
import { type ClientFeaturesResponse, type Context, InMemStorageProvider, Unleash } from 'unleash-client';
import type { FlagImplementation } from '../implementation.ts';
import { type FlagSpec, TARGETING } from '../scenarios.ts';
import type { User } from '../users.ts';

export type UnleashToggle = ClientFeaturesResponse['features'][number];
type Strategy = NonNullable<UnleashToggle['strategies']>[number];
type Constraint = NonNullable<Strategy['constraints']>[number];

// The SDK types operators as a (non-exported) enum; the API sends these strings.
const constraint = (contextName: string, operator: string, values: string[]): Constraint => ({
  contextName,
  operator: operator as Constraint['operator'],
  values,
  inverted: false,
  caseInsensitive: false,
});

/** The toggle as the Unleash API (`/api/client/features`) would send it. */
export function toUnleashToggle(flag: FlagSpec): UnleashToggle {
  const rollout = {
    name: 'flexibleRollout',
    parameters: { rollout: String(flag.percentage), stickiness: 'userId', groupId: flag.salt },
  };
  const strategy: Strategy =
    flag.kind === 'on-off'
      ? { name: 'default', parameters: {}, constraints: [] }
      : flag.kind === 'rollout'
        ? { ...rollout, constraints: [] }
        : {
            ...rollout,
            constraints: [
              constraint('country', 'IN', [...(flag.targeting ?? TARGETING).countries]),
              constraint('email', 'STR_ENDS_WITH', [...(flag.targeting ?? TARGETING).emailDomains]),
              constraint('plan', 'IN', [...(flag.targeting ?? TARGETING).plans]),
            ],
          };
  return {
    name: flag.key,
    type: 'release',
    project: 'default',
    enabled: true,
    stale: false,
    impressionData: false,
    variants: [],
    strategies: [strategy],
  };
}

/** Starts an offline Unleash client holding `toggles`; resolves once the bootstrap is loaded. */
export async function startOfflineUnleash(toggles: UnleashToggle[]): Promise<Unleash> {
  const unleash = new Unleash({
    appName: 'flagstaff-bench',
    // Never contacted: refreshInterval 0 disables polling, and metrics are off.
    url: 'http://127.0.0.1:1/api/',
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: toggles },
    bootstrapOverride: true,
  });
  unleash.on('error', (err: Error) => {
    throw err;
  });
  if (!unleash.isSynchronized()) await once(unleash, 'synchronized');
  return unleash;
}

export function toUnleashContext(user: User): Context {
  return { userId: user.userId, properties: { country: user.country, email: user.email, plan: user.plan } };
}

export async function createUnleash(
  flags: readonly FlagSpec[],
  users: readonly User[],
): Promise<FlagImplementation> {
  const unleash = await startOfflineUnleash(flags.map(toUnleashToggle));
  const contexts = users.map(toUnleashContext);
  return {
    name: 'unleash-client',
    isPeer: true,
    evaluate: (key, i) => unleash.isEnabled(key, contexts[i]!),
    loop: (key) => (reps) => {
      let n = 0;
      for (let r = 0; r < reps; r++) {
        for (let i = 0; i < contexts.length; i++) if (unleash.isEnabled(key, contexts[i]!)) n++;
      }
      return n;
    },
    close: () => unleash.destroy(),
  };
}
