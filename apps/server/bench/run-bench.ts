/**
 * HTTP benchmark of the management API against a real PostgreSQL server (autocannon).
 * Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @flagstaff/server bench
 * It creates a throwaway database next to the one in DATABASE_URL, starts the server as a child process,
 * seeds 100 flags and measures: GET one flag, GET a page of 100 flags, each again with writes at 20/s
 * alongside (write p99 reported), first saturating the server (closed loop), then at a fixed rate.
 */
import { fork, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const base = process.env.DATABASE_URL;
if (!base) {
  console.error('Set DATABASE_URL to a PostgreSQL server: the benchmark measures the real database.');
  process.exit(1);
}
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TOKEN = 'fs_admin_bench-token-0123456789abcdefghij';
const dbName = 'flagstaff_bench';
const dbUrl = (() => {
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  // BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      FLAGSTAFF_ADMIN_TOKEN: TOKEN,
      FLAGSTAFF_DOCS: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become ready in 30 s');
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function seed(url: string, n: number) {
  for (let i = 0; i < n; i += 1) {
    const key = `bench_${String(i).padStart(3, '0')}`;
    const res = await fetch(`${url}/api/v1/flags`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        key,
        type: 'release',
        owner: 'bench-team',
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        tags: ['bench'],
        environments: {
          production: {
            enabled: true,
            rules: [
              {
                conditions: [{ op: 'in', attribute: 'country', values: ['NL', 'DE'] }],
                serve: { variant: 'on' },
              },
            ],
            fallthrough: { variant: 'on', percentage: 10 },
          },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`seed ${key}: ${res.status} ${await res.text()}`);
  }
}

/** Each seeded flag's version, carried across write loads (If-Match). */
let versions: [string, number][] = [];

interface WriteResult {
  latencies: number[];
  failures: number;
  versions: [string, number][];
}

/** Writes at `perSecond` across the seeded flags from another process; `stop()` gives the latencies. */
function writeLoad(url: string, perSecond: number, flags: number, readFirst = false) {
  const writer = fork(
    fileURLToPath(new URL('./write-load.ts', import.meta.url)),
    [JSON.stringify({ url, perSecond, flags, headers, versions, readFirst })],
    { execArgv: ['--import', 'tsx'] },
  );
  const exited = new Promise<never>((_, reject) =>
    writer.once('exit', (code) => reject(new Error(`the writer exited (${code}) before reporting`))),
  );
  return async () => {
    const reported = new Promise<WriteResult>((resolve) =>
      writer.once('message', (m) => resolve(m as WriteResult)),
    );
    writer.send('stop');
    const result = await Promise.race([reported, exited]);
    versions = result.versions;
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
    return {
      writes: sorted.length,
      failures: result.failures,
      p50: pct(0.5),
      p99: pct(0.99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  };
}

/** `rate`: requests per second in all (open loop); absent, as fast as the server answers (closed loop). */
async function run(title: string, url: string, rate?: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    ...(rate ? { overallRate: rate } : {}),
  });
  const non2xx = result.non2xx + result.errors;
  return {
    title,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx,
  };
}

await recreateDatabase();
const server = await startServer();
try {
  await seed(server.url, 100);
  const one = `${server.url}/api/v1/flags/bench_042`;
  const list = `${server.url}/api/v1/flags?limit=100`;
  await run('warm-up', one);
  const rows: Record<string, unknown>[] = [];
  rows.push(await run('GET one flag', one));
  rows.push(await run('GET list of 100 flags', list));
  for (const [title, target, rate, readFirst] of [
    ['GET one flag + writes 20/s', one, undefined, false],
    // Edits as a console makes them: GET, then PATCH with the ETag (the PATCH is timed).
    ['GET one flag + edits (GET, PATCH) 20/s', one, undefined, true],
    ['GET list 100 + writes 20/s', list, undefined, false],
    ['GET one flag at 2,000/s + writes 20/s', one, 2_000, false],
    // The read target (≥ 5,000 req/s), held steady, with the writes beside it.
    ['GET one flag at 5,000/s + writes 20/s', one, 5_000, false],
    ['GET list 100 at 200/s + writes 20/s', list, 200, false],
  ] as const) {
    const stop = writeLoad(server.url, 20, 100, readFirst);
    const read = await run(title, target, rate);
    const w = await stop();
    rows.push({
      ...read,
      writes: w.writes,
      writeFailures: w.failures,
      writeP50: Number(w.p50.toFixed(1)),
      writeP99: Number(w.p99.toFixed(1)),
    });
  }
  const idleWrites = writeLoad(server.url, 20, 100);
  await new Promise((r) => setTimeout(r, DURATION * 1000));
  const w = await idleWrites();
  rows.push({
    title: 'writes 20/s alone',
    writes: w.writes,
    writeFailures: w.failures,
    writeP50: Number(w.p50.toFixed(1)),
    writeP99: Number(w.p99.toFixed(1)),
  });
  console.log(`\nconnections=${CONNECTIONS} duration=${DURATION}s node=${process.version} (latencies in ms)`);
  console.table(rows);
} finally {
  await server.stop();
}
