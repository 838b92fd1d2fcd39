/**
 * Metrics intake, sustained (issue 8, "Performance"; figures reported, never asserted):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @flagstaff/server run bench:intake
 * Without DATABASE_URL the servers run on embedded PostgreSQL (PGlite) in a temporary folder.
 * A real server process on a fresh database takes BENCH_BATCHES reports (default 15,000) of 50 flags
 * each (bench-reports.ts), sent by BENCH_CONNECTIONS (default 64) keep-alive connections as fast as
 * it answers; 5% of the reports are retries of one already acknowledged. Prints batches/s, latency
 * p50/p99, and what was stored against what was acknowledged (every count, per kind).
 *
 * BENCH_BASELINE_DIR=<another checkout>/apps/server measures that server too, in the same run:
 * BENCH_ROUNDS rounds (default 3), each running both servers one after the other (the order
 * alternating), then the median and range of each figure and of the per-round ratio.
 * BENCH_SERVER_NODE_ARGS adds node flags to the servers (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
 * Then, in this process, the Node SDK's measure() against a bare isEnabled.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createClient } from '@flagstaff/node';
import autocannon from 'autocannon';
import pg from 'pg';
import { createSdkKey, recreateDatabase, SERVER_DIR, startChild } from '../delivery/bench-support.ts';
import { addTotals, FLAGS_PER_REPORT, makeReport, noTotals, spread, type Totals } from './bench-reports.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 15_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (BASELINE_DIR ? 3 : 1));
const DATABASE_URL = process.env.DATABASE_URL;

const TOTALS_SQL = `
  select coalesce(sum(exposures), 0)::bigint as exposures, coalesce(sum(calls), 0)::bigint as calls,
    (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(errors)) as errors,
    (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(conversions)) as conversions,
    (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(latency_bins)) as bins,
    count(*)::int as rows
  from sdk_signal_buckets`;
const BATCH_IDS_SQL = 'select batch_id as "batchId" from sdk_signal_batches';

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by the PostgreSQL backends connected to the bench database. */
async function backendCpuSeconds(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.reduce((sum, r) => sum + cpuSeconds(Number(r.pid)), 0);
  } finally {
    await db.end();
  }
}

/** A fresh database for one server: PostgreSQL from DATABASE_URL, or an embedded one in a temporary folder. */
async function freshStore(): Promise<{
  env: Record<string, string>;
  /** CPU seconds of the database backends (PostgreSQL only: PGlite runs inside the server). */
  backendCpu?: () => Promise<number>;
  /** Reads the stored totals (after the server stopped: PGlite has one user). */
  read<T>(use: (query: Query) => Promise<T>): Promise<T>;
}> {
  if (DATABASE_URL) {
    const url = await recreateDatabase(DATABASE_URL, 'flagstaff_bench_intake');
    return {
      env: { DATABASE_URL: url, DATABASE_POOL_MAX: '10' },
      backendCpu: () => backendCpuSeconds(url),
      async read(use) {
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        try {
          return await use(async (sql) => (await db.query(sql)).rows);
        } finally {
          await db.end();
        }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-bench-intake-'));
  return {
    env: { FLAGSTAFF_DATA_DIR: dir },
    async read(use) {
      const db = await PGlite.create(join(dir, 'pg'));
      try {
        return await use(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

interface IntakeRun {
  batchesPerSecond: number;
  /** CPU milliseconds per batch: of the server process, of the PostgreSQL backends, of this process (the load generator). */
  cpuMsPerBatch: { server: number; postgres: number | undefined; client: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  seconds: number;
  answers: Record<string, number>;
  distinctBatchesAcknowledged: number;
  batchIdsStored: number;
  acknowledged: Totals;
  /** What the stored batch ids add up to: a request that timed out may still have committed. */
  ofStoredBatchIds: Totals;
  stored: Totals;
  bucketRows: number;
  /** Every acknowledged batch id stored, and the buckets hold exactly the stored batches' counts. */
  nothingDroppedNothingTwice: boolean;
}

async function intake(serverDir: string): Promise<IntakeRun> {
  const store = await freshStore();
  // BENCH_SERVER_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
  const server = await startChild(
    `${process.env.BENCH_SERVER_NODE_ARGS ?? ''} src/server.ts`,
    store.env,
    '/readyz',
    serverDir,
  );
  let run: Omit<
    IntakeRun,
    'batchIdsStored' | 'ofStoredBatchIds' | 'stored' | 'bucketRows' | 'nothingDroppedNothingTwice'
  >;
  let acknowledged = new Set<number>();
  let fresh: ReturnType<typeof makeReport>[] = [];
  try {
    const key = await createSdkKey(server.url, 'server', 'production');
    const now = Date.now();
    fresh = Array.from({ length: BATCHES }, (_, n) => makeReport(n, now));
    // 5% of the requests resend a report sent earlier (same batch id): counted once.
    const plan = Array.from({ length: BATCHES }, (_, i) => (i % 20 === 19 ? i - 7 : i));
    acknowledged = new Set<number>();
    const stored = noTotals();
    let next = 0;
    let refused = 0;
    const serverCpu = cpuSeconds(server.pid);
    const clientCpu = process.cpuUsage();
    const started = performance.now();
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      amount: BATCHES,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/sdk/metrics',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          setupRequest: (request, context) => {
            const n = plan[next++ % BATCHES]!;
            (context as { n?: number }).n = n;
            return { ...request, body: fresh[n]!.body };
          },
          onResponse: (status, _body, context) => {
            const n = (context as { n: number }).n;
            if (status !== 202) refused++;
            else if (!acknowledged.has(n)) {
              acknowledged.add(n);
              addTotals(stored, fresh[n]!.totals);
            }
          },
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientCpu);
    const perBatch = (cpu: number) => Number(((cpu * 1000) / BATCHES).toFixed(3));
    // The backends live as long as the pool: their whole CPU time, almost all of it this run's.
    const postgresCpu = await store.backendCpu?.();
    run = {
      cpuMsPerBatch: {
        server: perBatch(cpuSeconds(server.pid) - serverCpu),
        postgres: postgresCpu === undefined ? undefined : perBatch(postgresCpu),
        client: perBatch((client.user + client.system) / 1e6),
      },
      seconds: Number(seconds.toFixed(1)),
      batchesPerSecond: Math.round(BATCHES / seconds),
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      answers: {
        '2xx': result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        refused,
      },
      distinctBatchesAcknowledged: acknowledged.size,
      acknowledged: stored,
    };
  } finally {
    await server.stop();
  }
  const { inDb, ids } = await store.read(async (query) => ({
    inDb: (await query(TOTALS_SQL))[0]!,
    ids: new Set((await query(BATCH_IDS_SQL)).map((r) => String(r.batchId))),
  }));
  const ofStoredBatchIds = noTotals();
  for (const report of fresh) if (ids.has(report.batchId)) addTotals(ofStoredBatchIds, report.totals);
  const everyAcknowledgedStored = [...acknowledged].every((n) => ids.has(fresh[n]!.batchId));
  const found: Totals = {
    exposures: Number(inDb.exposures),
    calls: Number(inDb.calls),
    errors: Number(inDb.errors),
    conversions: Number(inDb.conversions),
    bins: Number(inDb.bins),
  };
  const same = (Object.keys(found) as (keyof Totals)[]).every((k) => ofStoredBatchIds[k] === found[k]);
  return {
    ...run,
    batchIdsStored: ids.size,
    ofStoredBatchIds,
    stored: found,
    bucketRows: Number(inDb.rows),
    nothingDroppedNothingTwice: same && everyAcknowledgedStored,
  };
}

/** Both servers, BENCH_ROUNDS times, the order alternating: each round's ratio is of neighbours in time. */
async function compare(baselineDir: string) {
  const runs: { current: IntakeRun; baseline: IntakeRun }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pair: Partial<{ current: IntakeRun; baseline: IntakeRun }> = {};
    for (const which of round % 2 === 0
      ? (['baseline', 'current'] as const)
      : (['current', 'baseline'] as const)) {
      pair[which] = await intake(which === 'current' ? SERVER_DIR : baselineDir);
      const r = pair[which];
      console.log(
        `round ${round + 1} ${which.padEnd(8)} ${String(r.batchesPerSecond).padStart(5)} batches/s  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms  CPU ms/batch: server ${r.cpuMsPerBatch.server} postgres ${r.cpuMsPerBatch.postgres ?? '-'} client ${r.cpuMsPerBatch.client}  non-2xx ${r.answers.non2xx}  timeouts ${r.answers.timeouts}  stored = acknowledged: ${r.nothingDroppedNothingTwice}  load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
    runs.push(pair as { current: IntakeRun; baseline: IntakeRun });
  }
  const figure = (values: number[], digits = 0) => {
    const s = spread(values);
    return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  };
  return {
    rounds: ROUNDS,
    batchesPerSecond: {
      current: figure(runs.map((r) => r.current.batchesPerSecond)),
      baseline: figure(runs.map((r) => r.baseline.batchesPerSecond)),
      'current / baseline': figure(
        runs.map((r) => r.current.batchesPerSecond / r.baseline.batchesPerSecond),
        2,
      ),
    },
    serverCpuMsPerBatch: {
      current: figure(
        runs.map((r) => r.current.cpuMsPerBatch.server),
        3,
      ),
      baseline: figure(
        runs.map((r) => r.baseline.cpuMsPerBatch.server),
        3,
      ),
      'current / baseline': figure(
        runs.map((r) => r.current.cpuMsPerBatch.server / r.baseline.cpuMsPerBatch.server),
        2,
      ),
    },
    postgresCpuMsPerBatch: {
      current: figure(
        runs.map((r) => r.current.cpuMsPerBatch.postgres ?? Number.NaN),
        3,
      ),
      baseline: figure(
        runs.map((r) => r.baseline.cpuMsPerBatch.postgres ?? Number.NaN),
        3,
      ),
    },
    clientCpuMsPerBatch: figure(
      runs.flatMap((r) => [r.current.cpuMsPerBatch.client, r.baseline.cpuMsPerBatch.client]),
      3,
    ),
    p99Ms: {
      current: figure(runs.map((r) => r.current.latencyMs.p99)),
      baseline: figure(runs.map((r) => r.baseline.latencyMs.p99)),
    },
    p50Ms: {
      current: figure(runs.map((r) => r.current.latencyMs.p50)),
      baseline: figure(runs.map((r) => r.baseline.latencyMs.p50)),
    },
    everyRunStoredWhatWasAcknowledged: runs.every(
      (r) => r.current.nothingDroppedNothingTwice && r.baseline.nothingDroppedNothingTwice,
    ),
  };
}

/** The SDK's cost of measure() per call against a bare isEnabled, same process, same users. */
async function measureCost() {
  const snapshot = {
    schemaVersion: 1,
    environment: 'bench',
    revision: 1,
    segments: [],
    flags: [
      {
        key: 'guarded',
        type: 'release' as const,
        salt: 'salt-guarded',
        variants: [
          { key: 'on', value: true },
          { key: 'off', value: false },
        ],
        enabled: true,
        offVariant: 'off',
        rules: [],
        fallthrough: { variant: 'on', percentage: 10 },
        version: 1,
      },
    ],
  };
  const client = createClient({
    url: 'http://127.0.0.1:9',
    sdkKey: 'fs_server_bench',
    bootstrap: snapshot,
    streaming: false,
    pollInterval: 3_600_000,
    fetch: async () => new Response(null, { status: 202 }),
  });
  const users = Array.from({ length: 10_000 }, (_, i) => ({ userId: `user-${i}` }));
  const time = (run: (ctx: { userId: string }) => boolean) => {
    let sink = 0;
    const rounds: number[] = [];
    for (let round = 0; round < 9; round++) {
      const t = process.hrtime.bigint();
      for (let r = 0; r < 20; r++) for (const u of users) if (run(u)) sink++;
      rounds.push(Number(process.hrtime.bigint() - t) / (20 * users.length));
    }
    rounds.sort((a, b) => a - b);
    return { ns: rounds[4]!, sink };
  };
  const results: Record<string, number> = {};
  // Interleaved, three times each: noise on a shared machine hits both alike.
  for (let i = 0; i < 3; i++) {
    results[`isEnabled#${i}`] = time((u) => client.isEnabled('guarded', u)).ns;
    results[`measure#${i}`] = time((u) => client.measure('guarded', u, (on) => on)).ns;
  }
  await client.close();
  const median = (name: string) => [0, 1, 2].map((i) => results[`${name}#${i}`]!).sort((a, b) => a - b)[1]!;
  const bare = median('isEnabled');
  const measured = median('measure');
  return {
    isEnabledNs: Number(bare.toFixed(1)),
    measureNs: Number(measured.toFixed(1)),
    measureOverIsEnabledNs: Number((measured - bare).toFixed(1)),
    ratio: Number((measured / bare).toFixed(2)),
  };
}

console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `## metrics intake: ${BATCHES} reports of ${FLAGS_PER_REPORT} flags, ${CONNECTIONS} connections, ${DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PostgreSQL (PGlite)'}`,
);
if (BASELINE_DIR) console.log(JSON.stringify(await compare(BASELINE_DIR), null, 2));
else
  for (let round = 0; round < ROUNDS; round++) console.log(JSON.stringify(await intake(SERVER_DIR), null, 2));
console.log('## SDK: measure() against a bare isEnabled (10,000 users, a 10% rollout, counting on)');
console.log(JSON.stringify(await measureCost(), null, 2));
process.exit(0);
