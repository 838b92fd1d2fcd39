/**
 * Live delivery benchmarks (figures reported, not asserted):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     pnpm --filter @flagstaff/server run bench:delivery [propagation|snapshot|memory ...]
 * Knobs: BENCH_CLIENTS, BENCH_CHANGES, BENCH_GAP_MS, BENCH_FLAGS, BENCH_DURATION, BENCH_CONNECTIONS,
 * BENCH_SSE_CONNECTIONS. The client side raises its own fd limit through the shell that runs it.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { benchPropagation } from './propagation.ts';
import { benchSnapshot } from './snapshot-throughput.ts';
import { benchSseMemory } from './sse-memory.ts';

// Thousands of sockets need more file descriptors than a default shell allows: run again under a
// raised limit (as far as the hard limit lets a non-root user go).
if (!process.env.FLAGSTAFF_BENCH_RAISED_FDS) {
  const script = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" --import tsx "$@"`;
  const rerun = spawnSync('bash', ['-c', script, process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, FLAGSTAFF_BENCH_RAISED_FDS: '1' },
  });
  process.exit(rerun.status ?? 1);
}

const benches = { propagation: benchPropagation, snapshot: benchSnapshot, memory: benchSseMemory } as const;
type Name = keyof typeof benches;

const asked = process.argv.slice(2).filter((a): a is Name => a in benches);
const names: Name[] = asked.length > 0 ? asked : ['propagation', 'snapshot', 'memory'];

console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const name of names) {
  const started = Date.now();
  const result = await benches[name]();
  console.log(`\n## ${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log(JSON.stringify(result, null, 2));
}
process.exit(0);
