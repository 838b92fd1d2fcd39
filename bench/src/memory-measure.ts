/**
 * One memory measurement, in a process of its own (spawned by memory-bench.ts, run with
 * --expose-gc): the retained heap of one implementation holding 10,000 flags like scenario (c).
 *
 *   node --expose-gc --import tsx src/memory-measure.ts <flagstaff|growthbook|launchdarkly|unleash>
 *
 * The flags reach the implementation as they would over the network: built in its own format,
 * serialised to JSON and parsed again; only what the implementation keeps stays reachable.
 * Prints one JSON line: { impl, flags, baseline, loaded, afterEval } (bytes of heapUsed).
 */
import { setImmediate as tick } from 'node:timers/promises';
import { type FlagSpec, memoryFlagSpecs } from './scenarios.ts';
import { buildUsers, type User } from './users.ts';

interface Loaded {
  /** Evaluates every flag once for `user` (lazy caches count too); returns how many were on. */
  evaluateAll(keys: readonly string[], user: User): Promise<number>;
  close(): void | Promise<void>;
}

type Loader = (specs: readonly FlagSpec[]) => Promise<Loaded>;

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const loaders: Record<string, () => Promise<Loader>> = {
  flagstaff: async () => {
    const { compileSnapshot, isEnabled } = await import('@flagstaff/evaluator');
    const { toSnapshot, toFlagstaffContext } = await import('./flagstaff.ts');
    return async (specs) => {
      const compiled = compileSnapshot(roundTrip(toSnapshot(specs)));
      return {
        evaluateAll: async (keys, user) => {
          const ctx = toFlagstaffContext(user);
          return keys.filter((k) => isEnabled(compiled, k, ctx, false)).length;
        },
        close: () => {},
      };
    };
  },
  growthbook: async () => {
    const { GrowthBookClient } = await import('@growthbook/growthbook');
    const { toGrowthBookFeature, toGrowthBookAttributes } = await import('./peers/growthbook.ts');
    return async (specs) => {
      const features = Object.fromEntries(specs.map((s) => [s.key, toGrowthBookFeature(s)]));
      const gb = new GrowthBookClient().initSync({ payload: roundTrip({ features }) });
      return {
        evaluateAll: async (keys, user) => {
          const ctx = toGrowthBookAttributes(user);
          return keys.filter((k) => gb.isOn(k, ctx)).length;
        },
        close: () => gb.destroy(),
      };
    };
  },
  launchdarkly: async () => {
    const { startOfflineLaunchDarkly, toLaunchDarklyContext } = await import('./peers/launchdarkly.ts');
    return async (specs) => {
      // TestData deep-copies each flag (usePreconfiguredFlag), so the specs are all it is given.
      const client = await startOfflineLaunchDarkly(specs);
      return {
        evaluateAll: async (keys, user) => {
          const ctx = toLaunchDarklyContext(user);
          let on = 0;
          for (const k of keys) if ((await client.variation(k, ctx, false)) === true) on++;
          return on;
        },
        close: () => client.close(),
      };
    };
  },
  unleash: async () => {
    const { startOfflineUnleash, toUnleashContext, toUnleashToggle } = await import('./peers/unleash.ts');
    return async (specs) => {
      const unleash = await startOfflineUnleash(roundTrip(specs.map(toUnleashToggle)));
      return {
        evaluateAll: async (keys, user) => {
          const ctx = toUnleashContext(user);
          return keys.filter((k) => unleash.isEnabled(k, ctx)).length;
        },
        close: () => unleash.destroy(),
      };
    };
  },
};

/** heapUsed after full collections, once it stops shrinking. */
async function settledHeap(): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    gc();
    await tick();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1024) return used;
    last = used;
  }
  return last;
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const makeLoader = loaders[name];
  if (!makeLoader) throw new Error(`usage: memory-measure.ts <${Object.keys(loaders).join('|')}>`);
  const load = await makeLoader();
  const user = buildUsers(100).find((u) => u.matchesTargeting)!;

  // Warm-up: load, use and drop a small set, so code and one-off allocations land in the baseline.
  const distinct = process.argv[3] === 'distinct';
  const warm = memoryFlagSpecs(200, distinct);
  const small = await load(warm);
  await small.evaluateAll(
    warm.map((s) => s.key),
    user,
  );
  await small.close();

  const baseline = await settledHeap();
  // The neutral specs and the key list stay alive throughout: measured apart, not charged to anyone.
  const specs = memoryFlagSpecs(10_000, distinct);
  const keys = specs.map((s) => s.key);
  const withInputs = await settledHeap();
  const loaded = await load(specs);
  const afterLoad = await settledHeap();
  const on = await loaded.evaluateAll(keys, user);
  const afterEval = await settledHeap();
  console.log(
    JSON.stringify({
      impl: name,
      flags: specs.length,
      on,
      loaded: afterLoad - withInputs,
      afterEval: afterEval - withInputs,
      inputs: withInputs - baseline,
    }),
  );
  await loaded.close();
}

await main();
