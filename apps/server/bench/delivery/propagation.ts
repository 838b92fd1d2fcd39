/**
 * Propagation: from a write being acknowledged to every streaming client having it.
 * Two server processes share PostgreSQL and Redis; CLIENTS streams are split across them; CHANGES
 * flag changes are written through replica A, one every GAP ms; each client's arrival time of each
 * revision is recorded. Reports p50/p99/max over every (change, client) pair.
 */

import {
  admin,
  createSdkKey,
  percentile,
  recreateDatabase,
  requireEnv,
  seedFlags,
  startServer,
} from './bench-support.ts';
import { openMany } from './sse-connections.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 30);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 300);
const FLAGS = Number(process.env.BENCH_FLAGS ?? 100);

/** Which events the streams ask for: whole snapshots (the default) or patches (`?patches=1`). */
type Mode = 'snapshots' | 'patches';
const MODES = (process.env.BENCH_MODES ?? 'snapshots,patches').split(',') as Mode[];

export async function benchPropagation(): Promise<Record<string, Record<string, number>>> {
  const databaseUrl = await recreateDatabase(requireEnv('DATABASE_URL'), 'flagstaff_bench_propagation');
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: requireEnv('REDIS_URL'),
  };
  const a = await startServer(env);
  const b = await startServer(env);
  try {
    await seedFlags(a.url, FLAGS);
    const token = await createSdkKey(a.url, 'server', 'production');
    const results: Record<string, Record<string, number>> = {};
    for (const mode of MODES) results[mode] = await measure(a.url, b.url, token, mode === 'patches');
    return results;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

async function measure(
  a: string,
  b: string,
  token: string,
  patches: boolean,
): Promise<Record<string, number>> {
  const half = Math.floor(CLIENTS / 2);
  const clients = [
    ...(await openMany(a, token, half, patches)),
    ...(await openMany(b, token, CLIENTS - half, patches)),
  ];
  const startRevision = async () =>
    ((await (await admin(a, '/api/v1/environments/production')).json()) as { revision: number }).revision;
  const initial = await startRevision();
  // Everyone holds the initial snapshot before the clock starts.
  while (clients.some((c) => c.latest < initial)) await new Promise((r) => setTimeout(r, 20));

  const acks: { revision: number; sentAt: number; ackAt: number }[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const current = await admin(a, '/api/v1/flags/bench_flag_0');
    const sentAt = performance.now();
    const res = await admin(a, '/api/v1/flags/bench_flag_0/environments/production', {
      method: 'PATCH',
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body: JSON.stringify({ fallthrough: { variant: 'on', percentage: 10 + i } }),
    });
    const ackAt = performance.now();
    if (res.status !== 200) throw new Error(`write ${i}: ${res.status} ${await res.text()}`);
    acks.push({ revision: await startRevision(), sentAt, ackAt });
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const final = acks.at(-1)!.revision;
  const deadline = performance.now() + 10_000;
  while (clients.some((c) => c.latest < final) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const fromAck: number[] = [];
  const fromSend: number[] = [];
  // The writing replica applies the write it made; the other hears of it over Redis.
  const byReplica: [number[], number[]] = [[], []];
  let missing = 0;
  for (const { revision, sentAt, ackAt } of acks) {
    for (const [index, client] of clients.entries()) {
      let arrived = Number.POSITIVE_INFINITY;
      for (const [r, at] of client.arrivals) if (r >= revision && at < arrived) arrived = at;
      if (!Number.isFinite(arrived)) {
        missing++;
        continue;
      }
      // An event can beat the HTTP answer to the writer: count that as 0 ms after the ack.
      fromAck.push(Math.max(0, arrived - ackAt));
      byReplica[index < half ? 0 : 1].push(Math.max(0, arrived - ackAt));
      fromSend.push(arrived - sentAt);
    }
  }
  for (const client of clients) client.close();
  fromAck.sort((x, y) => x - y);
  for (const samples of byReplica) samples.sort((x, y) => x - y);
  fromSend.sort((x, y) => x - y);
  return {
    clients: clients.length,
    changes: acks.length,
    samples: fromAck.length,
    missing,
    p50_ms_after_ack: round(percentile(fromAck, 50)),
    p99_ms_after_ack: round(percentile(fromAck, 99)),
    max_ms_after_ack: round(fromAck.at(-1) ?? Number.NaN),
    writing_replica_p50_ms: round(percentile(byReplica[0], 50)),
    writing_replica_p99_ms: round(percentile(byReplica[0], 99)),
    other_replica_p50_ms: round(percentile(byReplica[1], 50)),
    other_replica_p99_ms: round(percentile(byReplica[1], 99)),
    p50_ms_after_request: round(percentile(fromSend, 50)),
    p99_ms_after_request: round(percentile(fromSend, 99)),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
