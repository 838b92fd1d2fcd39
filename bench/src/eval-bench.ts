/**
 * `pnpm bench` (evaluation part): Flagstaff against Unleash, GrowthBook and LaunchDarkly, offline,
 * on the same 10,000 users, plus the raw MurmurHash3 cost. Prints a table; asserts no timing.
 *
 *   --peers-only   run without Flagstaff (while @flagstaff/evaluator is not ready)
 *   --quick        fewer, shorter rounds (for checking the harness, not for figures)
 */
import { cpus, loadavg } from 'node:os';
import { type Case, type CaseResult, DEFAULT_OPTIONS, runCases, sinkValue } from './harness.ts';
import type { FlagImplementation, HashImplementation } from './implementation.ts';
import { createGrowthBook } from './peers/growthbook.ts';
import { createLaunchDarkly } from './peers/launchdarkly.ts';
import { createMurmurPeers } from './peers/murmur.ts';
import { createUnleash } from './peers/unleash.ts';
import { checkFlag, checkHashes } from './sanity.ts';
import { SCENARIOS } from './scenarios.ts';
import { formatTable } from './table.ts';
import { buildHashKeys, buildUsers } from './users.ts';

const args = new Set(process.argv.slice(2));
const peersOnly = args.has('--peers-only');
const options = args.has('--quick') ? { targetMs: 20, warmupRounds: 1, rounds: 7 } : DEFAULT_OPTIONS;

const HASH_SCENARIO = '(d) raw MurmurHash3, 30-char key';

async function main(): Promise<void> {
  // Everything below is built before any timing.
  const users = buildUsers();
  const keys = buildHashKeys(users);
  const flags = SCENARIOS.map((s) => s.flag);

  const impls: FlagImplementation[] = [];
  const hashes: HashImplementation[] = [];
  if (!peersOnly) {
    const flagstaff = await import('./flagstaff.ts');
    impls.push(flagstaff.createFlagstaff(flags, users));
    hashes.push(flagstaff.createFlagstaffHash(keys));
  }
  impls.push(
    await createUnleash(flags, users),
    createGrowthBook(flags, users),
    await createLaunchDarkly(flags, users),
  );
  hashes.push(...createMurmurPeers(keys));

  // Sanity: every implementation must evaluate each scenario as intended before it is timed.
  const checks = new Map<string, string>();
  for (const scenario of SCENARIOS) {
    for (const impl of impls) {
      checks.set(`${scenario.title}|${impl.name}`, await checkFlag(impl, scenario, users));
    }
  }
  const reference = hashes[0]!;
  for (const h of hashes) checks.set(`${HASH_SCENARIO}|${h.name}`, checkHashes(h, reference, keys.length));

  const cases: Case[] = [];
  for (const scenario of SCENARIOS) {
    for (const impl of impls) {
      cases.push({
        scenario: scenario.title,
        name: impl.name,
        isPeer: impl.isPeer,
        evalsPerRep: users.length,
        run: impl.loop(scenario.flag.key),
      });
    }
  }
  for (const h of hashes) {
    cases.push({
      scenario: HASH_SCENARIO,
      name: h.name,
      isPeer: h.isPeer,
      evalsPerRep: keys.length,
      run: h.loop(),
    });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Flagstaff evaluator benchmark: node ${process.version}, ${cpu} (${cpus().length} cores), NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`,
  );
  console.log(
    `${users.length} users, contexts built beforehand; per case: ${options.warmupRounds} warm-up + ${options.rounds} timed rounds of >= ${options.targetMs} ms, order rotated each round`,
  );
  const loadBefore = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const progress = (msg: string) => {
    if (process.stderr.isTTY) process.stderr.write(`  ${msg}        \r`);
  };
  const results: CaseResult[] = await runCases(cases, options, progress);
  console.log(formatTable(results, checks));
  // Other processes on the machine show up here (and in the min–max column).
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`(load average before: ${loadBefore}; after: ${load(loadavg())}; ${cpus().length} cores)`);
  console.log(`(sink ${sinkValue()}: every result is folded into it so no loop is optimised away)`);
  for (const impl of impls) await impl.close();
}

await main();
