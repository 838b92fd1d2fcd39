/**
 * The snapshot endpoint with a server key and 100 flags (200 and 304 paths, identity and gzip) against
 * a bare Fastify hello-world measured in the same run, with autocannon (50 connections).
 */
import autocannon from 'autocannon';
import {
  createSdkKey,
  recreateDatabase,
  requireEnv,
  seedFlags,
  startChild,
  startServer,
} from './bench-support.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FLAGS = Number(process.env.BENCH_FLAGS ?? 100);

interface Run {
  rps: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
}

async function run(url: string, headers: Record<string, string> = {}): Promise<Run> {
  // Warm-up, then the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  return {
    rps: Math.round(result.requests.average),
    p99_ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function benchSnapshot(): Promise<Record<string, Run | number>> {
  const databaseUrl = await recreateDatabase(requireEnv('DATABASE_URL'), 'flagstaff_bench_snapshot');
  const hello = await startChild('bench/delivery/hello-world-server.ts', {}, '/');
  const server = await startServer({ DATABASE_URL: databaseUrl });
  try {
    await seedFlags(server.url, FLAGS);
    const token = await createSdkKey(server.url, 'server', 'production');
    const snapshotUrl = `${server.url}/api/v1/sdk/snapshot`;
    const first = await fetch(snapshotUrl, { headers: { authorization: `Bearer ${token}` } });
    const etag = first.headers.get('etag') ?? '';
    const bytes = (await first.arrayBuffer()).byteLength;
    const auth = { authorization: `Bearer ${token}` };
    const helloWorld = await run(`${hello.url}/`);
    const ok200 = await run(snapshotUrl, auth);
    const gzip200 = await run(snapshotUrl, { ...auth, 'accept-encoding': 'gzip' });
    const not304 = await run(snapshotUrl, { ...auth, 'if-none-match': etag });
    return {
      snapshot_bytes: bytes,
      hello_world: helloWorld,
      snapshot_200: ok200,
      snapshot_200_gzip: gzip200,
      snapshot_304: not304,
      ratio_200_to_hello: round(ok200.rps / helloWorld.rps),
      ratio_200_gzip_to_hello: round(gzip200.rps / helloWorld.rps),
      ratio_304_to_hello: round(not304.rps / helloWorld.rps),
    };
  } finally {
    await Promise.all([server.stop(), hello.stop()]);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
