/**
 * bench:refs: `flagstaff refs` over a generated tree of 10,000 files (generate-tree.ts), against a
 * baseline measured in the same run: reading every file of the tree and nothing else (the I/O floor),
 * and `grep -rwF` for the same keys when grep is there. Prints times and ratios; asserts nothing.
 *
 *   pnpm --filter @flagstaff/cli bench:refs [-- --files 10000 --runs 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mentionFinder } from '../src/code/references.ts';
import { scanTree } from '../src/code/scan.ts';
import { generateTree } from './generate-tree.ts';

const BIN = fileURLToPath(new URL('../bin/flagstaff.js', import.meta.url));

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

function readEverything(directory: string): number {
  let bytes = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) bytes += readEverything(path);
    else bytes += readFileSync(path).length;
  }
  return bytes;
}

const files = option('files', 10_000);
const runs = option('runs', 5);
const root = mkdtempSync(join(tmpdir(), 'flagstaff-refs-bench-'));
try {
  const generateStarted = performance.now();
  const tree = generateTree(root, files);
  const generateMs = performance.now() - generateStarted;
  const keys = new Set(tree.keys);

  let found = 0;
  const refsMs = timed(runs, () => {
    found = scanTree(root, mentionFinder(keys)).references.length;
  });
  const readMs = timed(runs, () => readEverything(root));
  const processMs = timed(Math.min(runs, 3), () => {
    const run = spawnSync(process.execPath, [BIN, 'refs', root, '--keys', tree.keys.join(','), '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`flagstaff refs exited ${run.status}: ${run.stderr}`);
  });
  const startupMs = timed(Math.min(runs, 3), () => {
    spawnSync(process.execPath, [BIN, '--version']);
  });
  const keysFile = join(root, '..', `${root.split('/').at(-1)}-keys.txt`);
  writeFileSync(keysFile, tree.keys.join('\n'));
  const grep = spawnSync('grep', ['--version']);
  const grepMs =
    grep.status === 0
      ? timed(runs, () => {
          spawnSync('grep', ['-rnwF', '-f', keysFile, root], { maxBuffer: 256 * 1024 * 1024 });
        })
      : undefined;
  rmSync(keysFile, { force: true });

  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `tree: ${tree.files} files (${tree.ignoredFiles} ignored, ${tree.binaryFiles} binary, ${tree.largeFiles} over 1 MiB), generated in ${ms(generateMs)}`,
  );
  console.log(`references found: ${found} (planted: ${tree.expected.length}) for ${keys.size} keys`);
  console.log(`refs scan, in process (median of ${runs}):        ${ms(refsMs)}`);
  console.log(
    `baseline, read every file (median of ${runs}):    ${ms(readMs)}   refs/read = ${(refsMs / readMs).toFixed(2)}`,
  );
  if (grepMs !== undefined) {
    console.log(
      `baseline, grep -rnwF (no .gitignore, median of ${runs}): ${ms(grepMs)}   refs/grep = ${(refsMs / grepMs).toFixed(2)}`,
    );
  }
  console.log(
    `flagstaff refs --json, whole process:           ${ms(processMs)} (CLI start-up alone: ${ms(startupMs)})`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
