/**
 * `pnpm --filter @flagstaff/bench run bench:memory`: retained heap with 10,000 flags loaded (each
 * like scenario (c): 3 conditions + 10% rollout, distinct keys and salts), per implementation,
 * each measured in a child process of its own (memory-measure.ts) so they cannot pollute each other.
 * Figures are reported, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const IMPLEMENTATIONS = [
  ['flagstaff', 'Flagstaff (compiled snapshot)'],
  ['growthbook', '@growthbook/growthbook (GrowthBookClient + payload)'],
  ['launchdarkly', '@launchdarkly/node-server-sdk (TestData)'],
  ['unleash', 'unleash-client (bootstrap)'],
] as const;

/** Flagstaff's target for 10,000 such flags. */
const TARGET_MB = 5;

interface Measurement {
  impl: string;
  flags: number;
  on: number;
  loaded: number;
  afterEval: number;
  inputs: number;
}

const child = fileURLToPath(new URL('./memory-measure.ts', import.meta.url));
// The children run like this process (tsx's loader included), with the GC exposed.
const nodeArgs = [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'];
const only = process.argv.slice(2);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

const MODES = [
  ['shared', 'one audience'],
  ['distinct', 'own audience per flag'],
] as const;

const rows: string[][] = [];
let flagstaffMb: number | undefined;
for (const [mode, modeLabel] of MODES) {
  for (const [id, label] of IMPLEMENTATIONS) {
    if (only.length > 0 && !only.includes(id)) continue;
    if (process.stderr.isTTY) process.stderr.write(`  measuring ${id} (${mode})…\r`);
    const out = execFileSync(process.execPath, [...nodeArgs, child, id, mode], { encoding: 'utf8' });
    const m = JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
    if (id === 'flagstaff') flagstaffMb = Math.max(flagstaffMb ?? 0, m.loaded / 1024 / 1024);
    rows.push([
      label,
      modeLabel,
      mb(m.loaded),
      Math.round(m.loaded / m.flags).toLocaleString('en-US'),
      mb(m.afterEval),
      `${((100 * m.on) / m.flags).toFixed(1)}% on`,
    ]);
  }
}
const header = ['implementation', 'targeting', 'retained MB', 'bytes/flag', 'MB after 1 eval/flag', 'check'];
const right = [false, false, true, true, true, false];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
console.log(
  `Memory: retained heap (heapUsed after GC minus the baseline after GC), 10,000 flags like (c), one process each, node ${process.version}`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
if (flagstaffMb !== undefined) {
  const verdict = flagstaffMb <= TARGET_MB ? 'within' : 'OVER';
  console.log(
    `\nFlagstaff, the larger of the two: ${flagstaffMb.toFixed(2)} MB, ${verdict} the ${TARGET_MB} MB target (reported, not asserted).`,
  );
}
