/**
 * @launchdarkly/node-server-sdk, offline: the `TestData` integration as the data source (full flag
 * JSON via `usePreconfiguredFlag`, since its builder has no percentage rollouts), no events sent,
 * no diagnostics. Evaluated with `await client.variation(key, context, false)`, which is async.
 */
import { basicLogger, init, type LDClient, type LDContext } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import type { FlagImplementation } from '../implementation.ts';
import { type FlagSpec, TARGETING } from '../scenarios.ts';
import type { User } from '../users.ts';

const TRUE = 0;
const FALSE = 1;

/** The flag as LaunchDarkly's server-side data model (what its streaming API sends) describes it. */
export function toLaunchDarklyFlag(flag: FlagSpec) {
  const weight = Math.round(flag.percentage * 1000);
  const rollout = {
    rollout: {
      contextKind: 'user',
      bucketBy: 'key',
      variations: [
        { variation: TRUE, weight },
        { variation: FALSE, weight: 100_000 - weight },
      ],
    },
  };
  const clause = (attribute: string, op: string, values: string[]) => ({
    contextKind: 'user',
    attribute,
    op,
    values,
    negate: false,
  });
  return {
    key: flag.key,
    version: 1,
    on: true,
    salt: flag.salt,
    variations: [true, false],
    offVariation: FALSE,
    targets: [],
    contextTargets: [],
    prerequisites: [],
    rules:
      flag.kind === 'targeted-rollout'
        ? [
            {
              id: `rule-${flag.key}`,
              clauses: [
                clause('country', 'in', [...(flag.targeting ?? TARGETING).countries]),
                clause('email', 'endsWith', [...(flag.targeting ?? TARGETING).emailDomains]),
                clause('plan', 'in', [...(flag.targeting ?? TARGETING).plans]),
              ],
              ...rollout,
              trackEvents: false,
            },
          ]
        : [],
    fallthrough:
      flag.kind === 'on-off' ? { variation: TRUE } : flag.kind === 'rollout' ? rollout : { variation: FALSE },
    trackEvents: false,
    trackEventsFallthrough: false,
    clientSide: false,
    deleted: false,
  };
}

/** An LDClient fed by TestData holding `flags`; resolves once initialised. */
export async function startOfflineLaunchDarkly(flags: readonly FlagSpec[]): Promise<LDClient> {
  const td = new TestData();
  for (const flag of flags) await td.usePreconfiguredFlag(toLaunchDarklyFlag(flag));
  const client = init('sdk-key-offline-bench', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'warn' }),
  });
  await client.waitForInitialization({ timeout: 10 });
  return client;
}

export function toLaunchDarklyContext(user: User): LDContext {
  return { kind: 'user', key: user.userId, country: user.country, email: user.email, plan: user.plan };
}

export async function createLaunchDarkly(
  flags: readonly FlagSpec[],
  users: readonly User[],
): Promise<FlagImplementation> {
  const client = await startOfflineLaunchDarkly(flags);
  const contexts = users.map(toLaunchDarklyContext);
  return {
    name: '@launchdarkly/node-server-sdk',
    isPeer: true,
    evaluate: async (key, i) => (await client.variation(key, contexts[i]!, false)) === true,
    loop: (key) => async (reps) => {
      let n = 0;
      for (let r = 0; r < reps; r++) {
        for (let i = 0; i < contexts.length; i++)
          if ((await client.variation(key, contexts[i]!, false)) === true) n++;
      }
      return n;
    },
    close: () => client.close(),
  };
}
