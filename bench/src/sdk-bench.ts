/**
 * `pnpm --filter @flagstaff/bench run bench:sdk`: the Node SDK's own calls against the raw evaluator
 * and the peers' SDKs, in one process, on the same 10,000 users (issue 8, "Performance"):
 * - `isEnabled` with counting on (the default: exposures per flag version, variant and cohort),
 *   with counting off, and the evaluator's `isEnabled` alone;
 * - `measure(flag, context, fn)` with a function that does nothing: the cost of timing a code path
 *   (two clock reads, one sketch insert) per call, against a bare `isEnabled`.
 * Prints ratios measured in this run; asserts no timing.
 *
 *   --quick      fewer, shorter rounds (for checking the harness, not for figures)
 *   --rounds=N   N timed rounds (default 9): more rounds, a steadier median on a busy machine
 *   --baseline=<checkout>   also that checkout's Node SDK (counting on), from its source
 * Per scenario it prints the ratios the targets are about as the median and range of the per-round
 * ratios (each round runs every case once, close together in time) and as the ratio of medians.
 */
import { cpus, loadavg } from 'node:os';
import { compileSnapshot, isEnabled } from '@flagstaff/evaluator';
import { createClient, type FlagstaffClient } from '@flagstaff/node';
import { toFlagstaffContext, toSnapshot } from './flagstaff.ts';
import { type Case, type CaseResult, DEFAULT_OPTIONS, runCases, sinkValue } from './harness.ts';
import type { FlagImplementation } from './implementation.ts';
import { createGrowthBook } from './peers/growthbook.ts';
import { createLaunchDarkly } from './peers/launchdarkly.ts';
import { createUnleash } from './peers/unleash.ts';
import { SCENARIOS } from './scenarios.ts';
import { buildUsers } from './users.ts';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.find((a) => a.startsWith('--rounds='));
const options = {
  ...(quick ? { targetMs: 20, warmupRounds: 1, rounds: 7 } : DEFAULT_OPTIONS),
  ...(roundsArg ? { rounds: Number(roundsArg.slice('--rounds='.length)) } : {}),
};

const RAW = 'evaluator isEnabled (raw)';
const COUNTING = 'Node SDK isEnabled, counting on (default)';
const SILENT = 'Node SDK isEnabled, counting off';
const MEASURE = 'Node SDK measure(flag, ctx, () => 0)';

const BASELINE = 'baseline Node SDK isEnabled, counting on';
/** `--baseline=<another checkout>`: that checkout's Node SDK (its source) measured in the same run. */
const baselineArg = process.argv.find((a) => a.startsWith('--baseline='));

function sdkClient(counting: boolean, create: typeof createClient = createClient): FlagstaffClient {
  const snapshot = toSnapshot(SCENARIOS.map((s) => s.flag));
  // No network: the bootstrap snapshot is served; reports go to a fetch that accepts them.
  return create({
    url: 'http://127.0.0.1:9',
    sdkKey: 'fs_server_bench',
    bootstrap: snapshot,
    streaming: false,
    pollInterval: 3_600_000,
    fetch: async (url) => new Response(null, { status: url.endsWith('/metrics') ? 202 : 503 }),
    ...(counting ? {} : { metrics: false as const }),
  });
}

async function main(): Promise<void> {
  const users = buildUsers();
  const contexts = users.map(toFlagstaffContext);
  const flags = SCENARIOS.map((s) => s.flag);
  const compiled = compileSnapshot(toSnapshot(flags));
  const counting = sdkClient(true);
  const silent = sdkClient(false);
  const peers: FlagImplementation[] = [
    createGrowthBook(flags, users),
    await createUnleash(flags, users),
    await createLaunchDarkly(flags, users),
  ];

  const loop =
    (evaluate: (key: string, i: number) => boolean) =>
    (key: string) =>
    (reps: number): number => {
      let n = 0;
      for (let r = 0; r < reps; r++) for (let i = 0; i < contexts.length; i++) if (evaluate(key, i)) n++;
      return n;
    };
  // Declared functions keep their names under tsx (esbuild's keepNames leaves arrows anonymous to V8),
  // so that `node --trace-opt --trace-turbo-inlining` shows what each case's call inlines.
  function rawCall(key: string, i: number) {
    return isEnabled(compiled, key, contexts[i]!, false);
  }
  function countingCall(key: string, i: number) {
    return counting.isEnabled(key, contexts[i]!);
  }
  function silentCall(key: string, i: number) {
    return silent.isEnabled(key, contexts[i]!);
  }
  function measureCall(key: string, i: number) {
    return counting.measure(key, contexts[i]!, (on) => on);
  }
  const ours: [string, (key: string) => (reps: number) => number][] = [
    [RAW, loop(rawCall)],
    [COUNTING, loop(countingCall)],
    [SILENT, loop(silentCall)],
    [MEASURE, loop(measureCall)],
  ];
  const clients = [counting, silent];
  if (baselineArg) {
    const dir = baselineArg.slice('--baseline='.length);
    const baselineSdk = (await import(`${dir}/packages/sdk-node/src/index.ts`)) as {
      createClient: typeof createClient;
    };
    const baseline = sdkClient(true, baselineSdk.createClient);
    clients.push(baseline);
    ours.push([
      BASELINE,
      loop(function baselineCall(key: string, i: number) {
        return baseline.isEnabled(key, contexts[i]!);
      }),
    ]);
  }

  const cases: Case[] = [];
  for (const scenario of SCENARIOS) {
    // Every variant of the call must serve the same values as the raw evaluator before it is timed.
    const expected = contexts.filter((_, i) =>
      isEnabled(compiled, scenario.flag.key, contexts[i]!, false),
    ).length;
    for (const [name, make] of ours) {
      const got = make(scenario.flag.key)(1);
      if (got !== expected) throw new Error(`${name} on ${scenario.title}: ${got} on, expected ${expected}`);
      cases.push({
        scenario: scenario.title,
        name,
        isPeer: false,
        evalsPerRep: users.length,
        run: make(scenario.flag.key),
      });
    }
    for (const peer of peers) {
      cases.push({
        scenario: scenario.title,
        name: peer.name,
        isPeer: true,
        evalsPerRep: users.length,
        run: peer.loop(scenario.flag.key),
      });
    }
  }

  console.log(
    `Flagstaff SDK benchmark: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`,
  );
  console.log(
    `${users.length} users; ${options.warmupRounds} warm-up + ${options.rounds} timed rounds of >= ${options.targetMs} ms per case`,
  );
  const loadBefore = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const results = await runCases(cases, options, (msg) => {
    if (process.stderr.isTTY) process.stderr.write(`  ${msg}        \r`);
  });
  console.log(formatSdkTable(results));
  console.log(
    `(load average before: ${loadBefore}; after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  console.log(`(sink ${sinkValue()})`);
  await Promise.all([...clients.map((c) => c.close()), ...peers.map((p) => p.close())]);
}

const baselineOf = (results: readonly CaseResult[]) => results.find((r) => r.name === BASELINE);

function formatSdkTable(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  const fmt = (ns: number) => (ns >= 100 ? ns.toFixed(0) : ns.toFixed(1));
  const header = ['scenario', 'implementation', 'ns/call', 'min–max', 'vs raw evaluator', 'vs fastest peer'];
  const rows: string[][] = [header];
  const verdicts: string[] = [];
  for (const scenario of [...new Set(results.map((r) => r.scenario))]) {
    const inScenario = results.filter((r) => r.scenario === scenario);
    const raw = inScenario.find((r) => r.name === RAW)!;
    const fastest = inScenario.filter((r) => r.isPeer).reduce((a, b) => (b.median < a.median ? b : a));
    for (const r of inScenario) {
      rows.push([
        scenario,
        r.name,
        fmt(r.median),
        `${fmt(r.min)}–${fmt(r.max)}`,
        r.isPeer ? '' : `${(r.median / raw.median).toFixed(2)}×`,
        `${(r.median / fastest.median).toFixed(2)}×`,
      ]);
    }
    const c = inScenario.find((r) => r.name === COUNTING)!;
    const m = inScenario.find((r) => r.name === MEASURE)!;
    // Every round runs every case once, close together in time: the ratio of a round's two samples
    // is the least disturbed figure on a shared machine, and the spread over rounds shows the noise.
    const perRound = (a: CaseResult, b: CaseResult) => {
      const ratios = a.samples.map((x, i) => x / b.samples[i]!).sort((p, q) => p - q);
      const mid = ratios.length >> 1;
      const median = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
      return `${median.toFixed(2)}× (${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)})`;
    };
    const growthBook = inScenario.find((r) => r.name.includes('GrowthBook')) ?? fastest;
    verdicts.push(
      `${scenario}\n` +
        `  counting on / raw evaluator: ${perRound(c, raw)} per round, median (range) over ${c.samples.length} rounds; ${(c.median / raw.median).toFixed(2)}× of medians  (target <= 1.3×)\n` +
        `  ${growthBook.name} / counting on: ${perRound(growthBook, c)}; ${(growthBook.median / c.median).toFixed(2)}× of medians  (target >= 5×)` +
        (growthBook === fastest ? '' : `; fastest peer ${fastest.name}: ${perRound(fastest, c)}`) +
        `\n  measure() adds ${fmt(m.median - c.median)} ns per call over isEnabled (medians)` +
        (baselineOf(inScenario)
          ? `\n  counting on / ${BASELINE}: ${perRound(c, baselineOf(inScenario)!)}; baseline / raw: ${perRound(baselineOf(inScenario)!, raw)}`
          : ''),
    );
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    lines.push(r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  return `${lines.join('\n')}\n\n${verdicts.join('\n')}`;
}

await main();
