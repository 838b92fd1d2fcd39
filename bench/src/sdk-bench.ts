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
 *   --rounds=N   N timed rounds (default 21): more rounds, a steadier median on a busy machine
 *   --baseline=<checkout>   also that checkout's Node SDK (counting on), from its source
 * Per scenario it prints the ratios the targets are about as the median, quartiles and range of the
 * per-round ratios (each round runs every case once, close together in time) and as the ratio of
 * medians; a target counts as met when both figures meet it.
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

/**
 * More rounds than the evaluator benchmark: the ratios here are close to 1 and the cases take tens of
 * ns, so one disturbed round moves a median of 9; 21 rounds take about 40 s on 2 cores.
 */
const SDK_ROUNDS = 21;
const quick = process.argv.includes('--quick');
const roundsArg = process.argv.find((a) => a.startsWith('--rounds='));
const options = {
  ...(quick ? { targetMs: 20, warmupRounds: 1, rounds: 7 } : { ...DEFAULT_OPTIONS, rounds: SDK_ROUNDS }),
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

/** a / b two ways: per round (median, quartiles and range over the rounds) and of the medians. */
interface Ratio {
  perRound: { median: number; q1: number; q3: number; min: number; max: number };
  ofMedians: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

function ratioOf(a: CaseResult, b: CaseResult): Ratio {
  const ratios = a.samples.map((x, i) => x / b.samples[i]!).sort((p, q) => p - q);
  return {
    perRound: {
      median: quantile(ratios, 0.5),
      q1: quantile(ratios, 0.25),
      q3: quantile(ratios, 0.75),
      min: ratios[0]!,
      max: ratios.at(-1)!,
    },
    ofMedians: a.median / b.median,
  };
}

function formatRatio(r: Ratio): string {
  const x = (n: number) => `${n.toFixed(2)}×`;
  const p = r.perRound;
  return (
    `per round ${x(p.median)} (quartiles ${x(p.q1)}–${x(p.q3)}, range ${x(p.min)}–${x(p.max)}); ` +
    `of medians ${x(r.ofMedians)}`
  );
}

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
    const overhead = ratioOf(c, raw);
    const lead = ratioOf(fastest, c);
    const met = (r: Ratio, ok: (x: number) => boolean) =>
      ok(r.perRound.median) && ok(r.ofMedians) ? 'met' : 'NOT met';
    verdicts.push(
      `${scenario}\n` +
        `  counting on / raw evaluator: ${formatRatio(overhead)}  (target <= 1.3×: ${met(overhead, (x) => x <= 1.3)})\n` +
        `  fastest peer (${fastest.name}) / counting on: ${formatRatio(lead)}  (target >= 5×: ${met(lead, (x) => x >= 5)})` +
        `\n  measure() adds ${fmt(m.median - c.median)} ns per call over isEnabled (medians)` +
        (baselineOf(inScenario)
          ? `\n  counting on / ${BASELINE}: ${formatRatio(ratioOf(c, baselineOf(inScenario)!))}` +
            `\n  baseline / raw: ${formatRatio(ratioOf(baselineOf(inScenario)!, raw))}`
          : ''),
    );
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    lines.push(r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  return `${lines.join('\n')}\n\n${verdicts.join('\n')}`;
}

await main();
