/**
 * Where a report's CPU goes in the intake, stage by stage, in this process (no HTTP, no database):
 *   pnpm --filter @flagstaff/server run bench:intake-stages
 * The same 50-flag reports as bench:intake. Every stage runs over 2,000 reports per round, the
 * stages interleaved, BENCH_ROUNDS rounds (default 9); prints the median µs per report and the
 * range, and each stage against the JSON.parse of the same bodies (the floor any JSON route pays).
 * BENCH_BASELINE_DIR=<another checkout>/apps/server adds that checkout's strict parser.
 */
import { cpus, loadavg } from 'node:os';
import { parseJsonBody } from '../../src/http/json-body-parser.ts';
import { isWellFormedReport } from '../../src/metrics/check-report.ts';
import { checkSignalEntry } from '../../src/metrics/check-signal-entry.ts';
import { metricsReport } from '../../src/metrics/signals-schemas.ts';
import { makeReport, spread } from './bench-reports.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const at = Date.now();
const bodies = Array.from({ length: 2_000 }, (_, n) => Buffer.from(makeReport(n, at).body));
const parsed = bodies.map((b) => JSON.parse(b.toString('utf8')) as { signals: unknown[] });
let sink = 0;

const stages: [string, (i: number) => unknown][] = [
  ['JSON.parse (the floor)', (i) => JSON.parse(bodies[i]!.toString('utf8'))],
  ['parseJsonBody (strict parser: parse + walk)', (i) => parseJsonBody(bodies[i]!)],
  ['zod metricsReport (the schema, entries by hand)', (i) => metricsReport.safeParse(parsed[i]).success],
  ["isWellFormedReport (the route's hand check)", (i) => isWellFormedReport(parsed[i])],
  [
    'checkSignalEntry × 150 (part of both)',
    (i) => {
      for (const e of parsed[i]!.signals) if (checkSignalEntry(e)) sink++;
    },
  ],
];

// BENCH_BASELINE_DIR=<another checkout>/apps/server: its strict parser too, measured alongside.
const baselineDir = process.env.BENCH_BASELINE_DIR;
if (baselineDir) {
  const baseline = (await import(`${baselineDir}/src/http/json-body-parser.ts`)) as {
    parseJsonBody: typeof parseJsonBody;
  };
  stages.splice(2, 0, ['parseJsonBody of BENCH_BASELINE_DIR', (i) => baseline.parseJsonBody(bodies[i]!)]);
}

const samples = new Map<string, number[]>(stages.map(([name]) => [name, []]));
for (let round = -2; round < ROUNDS; round++) {
  for (const [name, run] of round % 2 ? [...stages].reverse() : stages) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < bodies.length; i++) if (run(i)) sink++;
    const us = Number(process.hrtime.bigint() - t) / 1000 / bodies.length;
    if (round >= 0) samples.get(name)!.push(us);
  }
}

console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${bodies[0]!.length} bytes per report, ${ROUNDS} rounds`,
);
const floor = spread(samples.get(stages[0]![0])!).median;
for (const [name] of stages) {
  const s = spread(samples.get(name)!);
  console.log(
    `${name.padEnd(50)} ${s.median.toFixed(1).padStart(7)} µs/report  (${s.min.toFixed(1)}–${s.max.toFixed(1)})  ${(s.median / floor).toFixed(2)}× JSON.parse`,
  );
}
console.log(`(sink ${sink})`);
