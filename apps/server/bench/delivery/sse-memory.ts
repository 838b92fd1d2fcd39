/**
 * Server memory per idle SSE connection: resident memory of one server process before and after
 * CONNECTIONS idle streams (127.0.0.1), divided by the number of streams.
 */

import {
  createSdkKey,
  recreateDatabase,
  requireEnv,
  rssOf,
  seedFlags,
  startServer,
} from './bench-support.ts';
import { openMany } from './sse-connections.ts';

const CONNECTIONS = Number(process.env.BENCH_SSE_CONNECTIONS ?? 10_000);
const FLAGS = Number(process.env.BENCH_FLAGS ?? 100);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchSseMemory(): Promise<Record<string, number>> {
  const databaseUrl = await recreateDatabase(requireEnv('DATABASE_URL'), 'flagstaff_bench_sse_memory');
  const server = await startServer({ DATABASE_URL: databaseUrl });
  try {
    await seedFlags(server.url, FLAGS);
    const token = await createSdkKey(server.url, 'server', 'production');
    // Warm: snapshot loaded, a few streams opened and closed, so the baseline is not a cold process.
    for (const c of await openMany(server.url, token, 100)) c.close();
    await settle(2_000);
    const before = rssOf(server.pid);
    const streams = await openMany(server.url, token, CONNECTIONS, false, 250);
    await settle(3_000);
    const after = rssOf(server.pid);
    const received = streams.filter((s) => s.latest >= 0).length;
    for (const s of streams) s.close();
    return {
      connections: streams.length,
      received_snapshot: received,
      rss_before_mb: Math.round(before / 1_048_576),
      rss_after_mb: Math.round(after / 1_048_576),
      bytes_per_connection: Math.round((after - before) / streams.length),
    };
  } finally {
    await server.stop();
  }
}
