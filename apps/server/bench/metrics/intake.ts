/**
 * Metrics intake, sustained (issue 8, "Performance"; figures reported, never asserted):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @flagstaff/server run bench:intake
 * A real server process on a fresh PostgreSQL database takes BENCH_BATCHES reports (default 15,000)
 * of 50 flags each (every flag with exposures in three cohorts; 5 of them measured, with errors and
 * a latency sketch; 2 with conversions), sent by BENCH_CONNECTIONS (default 64) keep-alive
 * connections as fast as it answers; 5% of the reports are retries of one already acknowledged.
 * Prints batches/s, latency p50/p99, and what was stored against what was acknowledged (every
 * count, per kind). BENCH_SERVER_NODE_ARGS adds node flags to the server (e.g. --cpu-prof). Then, in this process, the Node SDK's measure() against a bare isEnabled.
 */
import { cpus, loadavg } from 'node:os';
import { createClient } from '@flagstaff/node';
import autocannon from 'autocannon';
import pg from 'pg';
import { createSdkKey, recreateDatabase, requireEnv, startChild } from '../delivery/bench-support.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 15_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const FLAGS = 50;

interface Totals {
  exposures: number;
  calls: number;
  errors: number;
  conversions: number;
  bins: number;
}

/** A report as an SDK sends it, and its counts. */
function makeReport(n: number, at: number): { body: string; totals: Totals } {
  const totals: Totals = { exposures: 0, calls: 0, errors: 0, conversions: 0, bins: 0 };
  const signals: unknown[] = [];
  const seed = (k: number) => ((n * 2_654_435_761 + k * 40_503) >>> 0) % 1000;
  for (let f = 0; f < FLAGS; f++) {
    const flag = `bench_flag_${f}`;
    for (const [cohort, variant] of [
      ['treatment', 'on'],
      ['control', 'off'],
      ['excluded', 'off'],
    ] as const) {
      const exposures = 1 + seed(f * 3 + variant.length);
      const entry: Record<string, unknown> = { flag, version: 2, variant, cohort, exposures };
      totals.exposures += exposures;
      if (f < 5 && cohort !== 'excluded') {
        const calls = 50 + (seed(f) % 50);
        const bins: Record<string, number> = {};
        let binned = 0;
        for (let b = 0; b < 20; b++) {
          const count = b === 19 ? calls - binned : Math.floor(calls / 20);
          binned += count;
          bins[String(300 + b * 3)] = count;
        }
        entry.calls = calls;
        entry.errors = { TypeError: 1 + (seed(f) % 3), ECONNRESET: 1 };
        entry.latency = { zeroCount: 0, bins };
        totals.calls += calls;
        totals.errors += 2 + (seed(f) % 3);
        totals.bins += calls;
      }
      if (f >= 5 && f < 7) {
        entry.conversions = { purchase: 3, signup: 1 };
        totals.conversions += 4;
      }
      signals.push(entry);
    }
  }
  const window = { start: new Date(at - 30_000).toISOString(), end: new Date(at).toISOString() };
  return { body: JSON.stringify({ batchId: `bench-${n}-${at}`, ...window, signals }), totals };
}

function add(into: Totals, from: Totals) {
  for (const k of Object.keys(into) as (keyof Totals)[]) into[k] += from[k];
}

async function intake() {
  const base = requireEnv('DATABASE_URL');
  const databaseUrl = await recreateDatabase(base, 'flagstaff_bench_intake');
  // BENCH_SERVER_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
  const server = await startChild(`${process.env.BENCH_SERVER_NODE_ARGS ?? ''} src/server.ts`, {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
  });
  try {
    const key = await createSdkKey(server.url, 'server', 'production');
    const now = Date.now();
    const fresh = Array.from({ length: BATCHES }, (_, n) => makeReport(n, now));
    // 5% of the requests resend a report sent earlier (same batch id): counted once.
    const plan = Array.from({ length: BATCHES }, (_, i) => (i % 20 === 19 ? i - 7 : i));
    const acknowledged = new Set<number>();
    const stored: Totals = { exposures: 0, calls: 0, errors: 0, conversions: 0, bins: 0 };
    let next = 0;
    let refused = 0;
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
              add(stored, fresh[n]!.totals);
            }
          },
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query(`
      select coalesce(sum(exposures), 0)::bigint as exposures, coalesce(sum(calls), 0)::bigint as calls,
        (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(errors)) as errors,
        (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(conversions)) as conversions,
        (select coalesce(sum(value::numeric), 0) from sdk_signal_buckets, jsonb_each_text(latency_bins)) as bins,
        count(*)::int as rows
      from sdk_signal_buckets`);
    const batchIds = (await db.query('select count(*)::int as n from sdk_signal_batches')).rows[0]
      .n as number;
    await db.end();
    const inDb = rows[0] as Record<string, string>;
    const found: Totals = {
      exposures: Number(inDb.exposures),
      calls: Number(inDb.calls),
      errors: Number(inDb.errors),
      conversions: Number(inDb.conversions),
      bins: Number(inDb.bins),
    };
    const same = (Object.keys(stored) as (keyof Totals)[]).every((k) => stored[k] === found[k]);
    return {
      batches: BATCHES,
      flagsPerBatch: FLAGS,
      connections: CONNECTIONS,
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
      batchIdsStored: batchIds,
      acknowledged: stored,
      stored: found,
      bucketRows: Number(inDb.rows),
      nothingDroppedNothingTwice: same && batchIds === acknowledged.size,
    };
  } finally {
    await server.stop();
  }
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
console.log('## metrics intake');
console.log(JSON.stringify(await intake(), null, 2));
console.log('## SDK: measure() against a bare isEnabled (10,000 users, a 10% rollout, counting on)');
console.log(JSON.stringify(await measureCost(), null, 2));
process.exit(0);
