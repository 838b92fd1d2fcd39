import { createClient, type FlagstaffClient } from '@flagstaff/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProcessFlag,
  createSdkKey,
  faultEnvironment,
  freePort,
  type Replica,
  scratchDatabase,
  setEnabled,
  startRedis,
  startReplica,
} from './fault-support.ts';
import { openSse, revisionOf, type SseClient } from './sse-client.ts';

const services = faultEnvironment();

/** Resolves once `condition` holds, polling every 10 ms; rejects after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

function sdk(url: string, sdkKey: string) {
  const client = createClient({ url, sdkKey, metrics: false });
  const revisions: number[] = [];
  let stale = false;
  client.on('change', (event) => revisions.push(event.revision));
  client.on('stale', () => {
    stale = true;
  });
  return { client, revisions, wasStale: () => stale };
}

const increasing = (list: number[]) => list.every((r, i) => i === 0 || r > list[i - 1]!);

describe.runIf(services !== undefined)('delivery faults, real server processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    database = await scratchDatabase(services!.databaseUrl);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await database?.drop();
  }, 30_000);

  function replica(env: Record<string, string>, port = 0): Promise<Replica> {
    return startReplica({ DATABASE_URL: database.url, ...env }, port).then((r) => {
      cleanups.push(() => r.stop());
      return r;
    });
  }
  function closeLater(client: FlagstaffClient | SseClient) {
    cleanups.push(async () => {
      if ('ready' in client) await client.close();
      else client.close();
    });
  }

  it('an SDK connected to replica B sees a change written through replica A', async () => {
    // The revision check is slowed to a minute: the change can only arrive through Redis in time.
    const env = { REDIS_URL: services!.redisUrl, FLAGSTAFF_REVISION_CHECK_MS: '60000' };
    const [a, b] = [await replica(env), await replica(env)];
    await createProcessFlag(a.url, 'cross_process', { production: { enabled: false } });
    const key = await createSdkKey(a.url, 'server', 'production');
    const onB = sdk(b.url, key.token);
    closeLater(onB.client);
    expect(await onB.client.ready({ timeout: 5_000 })).toBe('network');
    expect(onB.client.isEnabled('cross_process', { key: 'u1' })).toBe(false);
    const revision = await setEnabled(a.url, 'cross_process', 'production', true);
    const took = await until(() => (onB.client.revision ?? 0) >= revision, 2_000, 'B has the change');
    expect(onB.client.isEnabled('cross_process', { key: 'u1' })).toBe(true);
    expect(took).toBeLessThan(2_000);
    await Promise.all([a.stop(), b.stop()]);
  }, 60_000);

  it('Redis down for 10 s while changes are written: every client converges within 5 s of its return, never backwards', async () => {
    const redis = await startRedis(await freePort());
    cleanups.push(() => redis.stop());
    // A slow revision check, so convergence has to come from the resync when Redis returns; and no
    // background jobs: the outbox relay also nudges the replica that dispatches a change (ADR 0009),
    // which would bring B up to date without Redis.
    const env = { REDIS_URL: redis.url, FLAGSTAFF_REVISION_CHECK_MS: '30000', FLAGSTAFF_JOBS: 'false' };
    const [a, b] = [await replica(env), await replica(env)];
    await createProcessFlag(a.url, 'outage_flag', { staging: { enabled: false, clientVisible: true } });
    const server = await createSdkKey(a.url, 'server', 'staging');
    const client = await createSdkKey(a.url, 'client', 'staging');
    const streams: SseClient[] = [];
    for (const base of [a.url, b.url]) {
      for (let i = 0; i < 3; i++) {
        streams.push(await openSse(`${base}/api/v1/sdk/stream`, { authorization: `Bearer ${server.token}` }));
        streams.push(await openSse(`${base}/api/v1/sdk/stream?key=${client.token}`));
      }
    }
    streams.forEach(closeLater);
    const onB = sdk(b.url, server.token);
    closeLater(onB.client);
    await onB.client.ready({ timeout: 5_000 });
    await Promise.all(streams.map((s) => s.next()));

    await redis.stop();
    const outageStarted = Date.now();
    let final = 0;
    let enabled = false;
    while (Date.now() - outageStarted < 10_000) {
      enabled = !enabled;
      final = await setEnabled(a.url, 'outage_flag', 'staging', enabled);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    // Replica B heard nothing during the outage: its clients are behind (A's are not).
    const latestBefore = (s: SseClient) => (s.events.length > 0 ? revisionOf(s.events.at(-1)!) : -1);
    expect(streams.filter((s) => latestBefore(s) < final).length).toBe(6);
    const restarted = await startRedis(Number(new URL(redis.url).port));
    cleanups.push(() => restarted.stop());
    const latest = (s: SseClient) => (s.events.length > 0 ? revisionOf(s.events.at(-1)!) : -1);
    const took = await until(
      () => streams.every((s) => latest(s) >= final) && (onB.client.revision ?? 0) >= final,
      5_000,
      'every client at the final revision',
    );
    expect(took).toBeLessThanOrEqual(5_000);
    console.info(`delivery faults: converged ${took} ms after Redis returned`);
    for (const s of streams) expect(increasing(s.events.map(revisionOf))).toBe(true);
    expect(increasing(onB.revisions)).toBe(true);
    expect(onB.client.isEnabled('outage_flag', { key: 'u1' })).toBe(enabled);
    await Promise.all([a.stop(), b.stop()]);
  }, 90_000);

  it('a replica stopped and restarted: its SDK keeps serving, reports stale, then picks up a change made meanwhile', async () => {
    const env = { REDIS_URL: services!.redisUrl };
    const port = await freePort();
    const a = await replica(env);
    let b = await replica(env, port);
    await createProcessFlag(a.url, 'restart_flag', { development: { enabled: true } });
    const key = await createSdkKey(a.url, 'server', 'development');
    const onB = sdk(b.url, key.token);
    closeLater(onB.client);
    const errors: unknown[] = [];
    onB.client.on('error', () => {});
    expect(await onB.client.ready({ timeout: 5_000 })).toBe('network');

    await b.stop();
    const revision = await setEnabled(a.url, 'restart_flag', 'development', false);
    await until(() => onB.client.stale, 10_000, 'the SDK reports itself stale');
    try {
      for (let i = 0; i < 1_000; i++)
        expect(onB.client.isEnabled('restart_flag', { key: `u${i}` })).toBe(true);
    } catch (error) {
      errors.push(error);
    }
    expect(errors).toEqual([]);
    b = await replica(env, port);
    await until(
      () => (onB.client.revision ?? 0) >= revision,
      35_000,
      'the SDK has the change made while B was away',
    );
    expect(onB.client.isEnabled('restart_flag', { key: 'u1' })).toBe(false);
    expect(onB.wasStale()).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
  }, 90_000);
});
