/**
 * SDK signals into PostgreSQL through the real route: idempotent batches, bucket aggregation,
 * merged sketches from two real Node SDK instances, and bad bodies refused with nothing stored.
 */
import { COHORTS, cohortIndex } from '@flagstaff/evaluator';
import { createClient, type FlagstaffClient } from '@flagstaff/node';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createSignalsIntake, type SignalsIntake } from '../../src/metrics/signals-intake.ts';
import {
  claimBatches,
  lastSeen,
  pruneSignals,
  readSignalSeries,
  readSignals,
} from '../../src/metrics/signals-repository.ts';
import { createFlag, createKey, patchFlagState } from '../delivery/delivery-fixtures.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const HOUR = 3_600_000;

/** Sessions of this test's database waiting for a lock held by another transaction. */
async function waitingOnLocks(db: Db): Promise<number> {
  const result = (await db.execute(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

describe.each(drivers())('SDK signals (%s)', (driver) => {
  const t = useTestApp(driver);
  const clients: FlagstaffClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  const window = (endMs = Date.now()) => ({
    start: new Date(endMs - 30_000).toISOString(),
    end: new Date(endMs).toISOString(),
  });
  const post = (token: string, payload: unknown) =>
    t().app.inject({
      method: 'POST',
      url: '/api/v1/sdk/metrics',
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });
  const query = (flagKey: string, minVersion = 0) => ({
    environment: 'production',
    flagKey,
    minVersion,
    since: new Date(Date.now() - 48 * HOUR),
    until: new Date(Date.now() + HOUR),
  });
  const entry = (flag: string, extra: Record<string, unknown> = {}) => ({
    flag,
    version: 3,
    variant: 'on',
    cohort: 'treatment',
    exposures: 10,
    ...extra,
  });

  it('counts a retried batch once, also when the retry races the original', async () => {
    const key = await createKey(t(), 'server', 'production');
    const report = {
      batchId: 'batch-retried-0001',
      ...window(),
      signals: [
        entry('retried', { calls: 4, errors: { TypeError: 1 }, conversions: { purchase: 2 } }),
        entry('retried', { variant: 'off', cohort: 'control', exposures: 7 }),
      ],
    };
    expect((await post(key.token, report)).statusCode).toBe(202);
    expect((await post(key.token, report)).statusCode).toBe(202);
    const racing = { ...report, batchId: 'batch-racing-0002' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(key.token, racing)));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202]);
    const s = await readSignals(t().database.db, query('retried'));
    expect(s.treatment).toMatchObject({
      exposures: 20,
      calls: 8,
      errors: { TypeError: 2 },
      conversions: { purchase: 4 },
    });
    expect(s.control.exposures).toBe(14);
    expect(s.excluded.exposures + s.targeted.exposures + s.other.exposures).toBe(0);
    // The same batch id from another credential is another batch.
    const other = await createKey(t(), 'server', 'production');
    expect((await post(other.token, report)).statusCode).toBe(202);
    expect((await readSignals(t().database.db, query('retried'))).treatment.exposures).toBe(30);
  });

  it('counts a batch once when its retry reaches another replica, in a group with new batches', async () => {
    // Two intakes on one database: each replica knows only the batches it committed itself.
    const replicaA = createSignalsIntake(t().database.db);
    const replicaB = createSignalsIntake(t().database.db);
    const from = { environment: 'production', credentialId: 'cred-two-replicas' };
    const report = (batchId: string, exposures: number) => ({
      batchId,
      ...window(),
      signals: [entry('two_replicas', { exposures, errors: { TypeError: 1 } })],
    });
    await replicaA.record(report('batch-two-replicas-a', 10), from);
    // One group on B (recorded in the same tick): a retry that A committed, and two new batches.
    await Promise.all([
      replicaB.record(report('batch-two-replicas-a', 10), from),
      replicaB.record(report('batch-two-replicas-b', 100), from),
      replicaB.record(report('batch-two-replicas-c', 1000), from),
    ]);
    await replicaB.record(report('batch-two-replicas-b', 100), from);
    await Promise.all([replicaA.close(), replicaB.close()]);
    const s = await readSignals(t().database.db, query('two_replicas'));
    expect(s.treatment.exposures).toBe(1110);
    expect(s.treatment.errors).toEqual({ TypeError: 3 });
  });

  // PostgreSQL only: embedded PostgreSQL has one connection, so two writes never interleave there (not
  // declared at all there, rather than skipped: a skipped test reads as a missing service in CI).
  if (driver === 'postgres')
    it('never deadlocks two replicas given the same retried batches in opposite orders', async () => {
      const db = t().database.db;
      const replicaA = createSignalsIntake(db);
      const replicaB = createSignalsIntake(db);
      const from = { environment: 'production', credentialId: 'cred-crosswise' };
      const report = (batchId: string) => ({
        batchId,
        ...window(),
        signals: [entry('crosswise', { exposures: 1 })],
      });
      // Each replica's first report is written alone: x and y, recorded while it is under way, are
      // written together next, each replica given them in its own order. A third transaction holds
      // x's claim until both are waiting on it; unsorted, B would be holding y meanwhile, and A,
      // woken first, would take x and then wait for y: a deadlock.
      for (let round = 0; round < 3; round++) {
        const [x, y] = [`crosswise-x-${round}`, `crosswise-y-${round}`];
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let claimed!: () => void;
        const holding = new Promise<void>((resolve) => {
          claimed = resolve;
        });
        const holder = db
          .transaction(async (tx) => {
            await claimBatches(tx, [{ credentialId: from.credentialId, batchId: x }], new Date());
            claimed();
            await held;
            tx.rollback();
          })
          .catch(() => {});
        await holding;
        const written = Promise.allSettled(
          [
            [replicaA, `crosswise-a-${round}`, x, y],
            [replicaB, `crosswise-b-${round}`, y, x],
          ].flatMap(([replica, ...batchIds]) =>
            (batchIds as string[]).map((id) => (replica as SignalsIntake).record(report(id), from)),
          ),
        );
        await vi.waitFor(async () => expect(await waitingOnLocks(db)).toBe(2));
        release();
        await holder;
        expect((await written).map((w) => w.status)).toEqual(Array(6).fill('fulfilled'));
      }
      expect((await readSignals(db, query('crosswise'))).treatment.exposures).toBe(12);
    });

  it('keeps 10 s buckets, filters by version and window, and knows when a flag was last seen', async () => {
    const key = await createKey(t(), 'server', 'production');
    const base = Math.floor(Date.now() / 10_000) * 10_000 - 60_000;
    const reportAt = (endMs: number, version: number, batchId: string) =>
      post(key.token, {
        batchId,
        ...window(endMs),
        signals: [entry('series', { version, exposures: 5 })],
      });
    expect((await reportAt(base + 1_000, 1, 'series-batch-1')).statusCode).toBe(202);
    expect((await reportAt(base + 2_000, 2, 'series-batch-2')).statusCode).toBe(202);
    expect((await reportAt(base + 12_000, 2, 'series-batch-3')).statusCode).toBe(202);
    const series = await readSignalSeries(t().database.db, query('series', 2));
    expect(series.map((b) => [b.bucketStart.getTime() - base, b.cohorts.treatment.exposures])).toEqual([
      [0, 5],
      [10_000, 5],
    ]);
    const all = await readSignals(t().database.db, query('series', 0));
    expect(all.treatment.exposures).toBe(15);
    const narrow = await readSignals(t().database.db, {
      ...query('series', 0),
      since: new Date(base + 10_000),
      until: new Date(base + 20_000),
    });
    expect(narrow.treatment.exposures).toBe(5);
    expect((await lastSeen(t().database.db, 'production', 'series'))?.getTime()).toBe(base + 10_000);
    expect(await lastSeen(t().database.db, 'production', 'never-reported')).toBeUndefined();
  });

  it('prunes buckets and batch ids past retention, and nothing newer', async () => {
    const key = await createKey(t(), 'server', 'production');
    const old = Date.now() - 40 * 86_400_000;
    expect(
      (await post(key.token, { batchId: 'pruned-batch-1', ...window(old), signals: [entry('pruned')] }))
        .statusCode,
    ).toBe(202);
    expect(
      (await post(key.token, { batchId: 'kept-batch-0001', ...window(), signals: [entry('pruned')] }))
        .statusCode,
    ).toBe(202);
    const since = { ...query('pruned'), since: new Date(old - HOUR) };
    expect((await readSignals(t().database.db, since)).treatment.exposures).toBe(20);
    const pruned = await pruneSignals(t().database.db, new Date(), { bucketsDays: 30, batchIdsHours: 0 });
    expect(pruned.buckets).toBe(1);
    expect(pruned.batchIds).toBeGreaterThanOrEqual(2);
    expect((await readSignals(t().database.db, since)).treatment.exposures).toBe(10);
  });

  it('merges latency sketches from two SDK instances within the relative accuracy of the true quantiles', async () => {
    await createFlag(t(), 'measured');
    await patchFlagState(t(), 'measured', 'production', {
      enabled: true,
      fallthrough: { variant: 'on', percentage: 30 },
    });
    const key = await createKey(t(), 'server', 'production');
    const url = await t().app.listen({ port: 0, host: '127.0.0.1' });
    const sdk = () => {
      const c = createClient({ url, sdkKey: key.token, streaming: false, metrics: { interval: 3_600_000 } });
      clients.push(c);
      return c;
    };
    const a = sdk();
    const b = sdk();
    await Promise.all([a.ready({ timeout: 10_000 }), b.ready({ timeout: 10_000 })]);
    // A context without a key cannot be bucketed: cohort `other`, out of the figures checked below.
    await vi.waitFor(() => expect(a.explain('measured', {}).reason).not.toBe('ERROR'));
    await vi.waitFor(() => expect(b.explain('measured', {}).reason).not.toBe('ERROR'));

    // Scripted clock: each measured call takes a known time (a heavy-tailed spread of 0.05 ms to 4 s).
    let now = 0;
    let latency = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const truth: Record<string, number[]> = {};
    let thrown = 0;
    for (let i = 0; i < 6_000; i++) {
      const client = i % 2 === 0 ? a : b;
      const user = { key: `user-${i}` };
      const e = client.explain('measured', user);
      const cohort = COHORTS[cohortIndex(e.reason, e.ruleIndex ?? -1, e.bucket ?? -1, 30_000)]!;
      latency = 0.05 * Math.exp(((i * 7919) % 6000) / 530) * (cohort === 'treatment' ? 1.5 : 1);
      if (cohort === 'treatment' || cohort === 'control') {
        truth[cohort] ??= [];
        truth[cohort].push(latency);
      }
      const fail = cohort === 'treatment' && i % 50 === 0;
      try {
        client.measure('measured', user, () => {
          now += latency;
          if (fail) throw new RangeError('out of stock');
        });
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError);
        thrown++;
      }
    }
    vi.restoreAllMocks();
    await Promise.all([a.close(), b.close()]);
    const s = await readSignals(t().database.db, query('measured'));
    for (const cohort of ['treatment', 'control'] as const) {
      const values = truth[cohort]!.sort((x, y) => x - y);
      expect(s[cohort].calls).toBe(values.length);
      expect(s[cohort].latency.count).toBe(values.length);
      // The explain() calls were exposures too: two per user.
      expect(s[cohort].exposures).toBe(2 * values.length);
      for (const q of [0.5, 0.95, 0.99]) {
        const rank = q * (values.length - 1);
        const low = values[Math.floor(rank)]!;
        const high = values[Math.ceil(rank)]!;
        const got = s[cohort].latency.quantile(q)!;
        expect(got, `${cohort} p${q * 100}`).toBeGreaterThanOrEqual(low * (1 - 0.01) - 1e-9);
        expect(got, `${cohort} p${q * 100}`).toBeLessThanOrEqual(high * (1 + 0.01) + 1e-9);
      }
    }
    expect(s.treatment.errors).toEqual({ RangeError: thrown });
    expect(s.control.errors).toEqual({});
    // Treatment and control are the same size at 30% (disjoint mirror ranges), within sampling noise.
    const ratio = truth.treatment!.length / truth.control!.length;
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('bounds a bucket row: error types beyond 50 fold into `other`, every error still counted', async () => {
    const key = await createKey(t(), 'server', 'production');
    const end = Math.floor(Date.now() / 10_000) * 10_000 - 5_000; // one bucket for all four
    for (let r = 0; r < 4; r++) {
      const errors = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`E${r}_${i}`, 2]));
      const report = {
        batchId: `bounded-batch-${r}`,
        ...window(end),
        signals: [entry('bounded', { calls: 40, errors })],
      };
      expect((await post(key.token, report)).statusCode).toBe(202);
    }
    const { errors } = (await readSignals(t().database.db, query('bounded'))).treatment;
    expect(Object.keys(errors).length).toBeLessThanOrEqual(51);
    expect(errors.other).toBeGreaterThan(0);
    expect(Object.values(errors).reduce((a, b) => a + b, 0)).toBe(4 * 20 * 2);
  });

  it('refuses hostile bodies with a 400 and stores nothing', async () => {
    const key = await createKey(t(), 'server', 'production');
    const w = window();
    const good = { batchId: 'hostile-batch-01', ...w, signals: [entry('hostile')] };
    const many = (n: number, f: (i: number) => string) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [f(i), 1]));
    const bodies: [string, unknown][] = [
      ['no signals nor flags', { batchId: 'hostile-batch-02', ...w }],
      ['a short batch id', { ...good, batchId: 'x' }],
      ['a batch id with spaces', { ...good, batchId: 'a b c d e f g h' }],
      ['an unknown cohort', { ...good, signals: [entry('hostile', { cohort: 'everyone' })] }],
      ['a negative count', { ...good, signals: [entry('hostile', { exposures: -1 })] }],
      ['a fractional count', { ...good, signals: [entry('hostile', { calls: 0.5 })] }],
      ['a huge count', { ...good, signals: [entry('hostile', { exposures: 1e12 })] }],
      ['a string count', { ...good, signals: [entry('hostile', { exposures: '10' })] }],
      ['a negative version', { ...good, signals: [entry('hostile', { version: -1 })] }],
      ['a bad flag key', { ...good, signals: [entry('bad key!')] }],
      ['a bad variant', { ...good, signals: [entry('hostile', { variant: '' })] }],
      ['an unknown field', { ...good, signals: [entry('hostile', { weight: 1 })] }],
      ['21+ error types', { ...good, signals: [entry('hostile', { errors: many(22, (i) => `E${i}`) })] }],
      ['a bad error type', { ...good, signals: [entry('hostile', { errors: { 'drop table': 1 } })] }],
      [
        'too many conversions',
        { ...good, signals: [entry('hostile', { conversions: many(30, (i) => `c${i}`) })] },
      ],
      [
        'a sketch bin that is not an index',
        { ...good, signals: [entry('hostile', { latency: { zeroCount: 0, bins: { '1.5': 1 } } })] },
      ],
      [
        'a sketch bin far out',
        { ...good, signals: [entry('hostile', { latency: { zeroCount: 0, bins: { '99999': 1 } } })] },
      ],
      ['a sketch without zeroCount', { ...good, signals: [entry('hostile', { latency: { bins: {} } })] }],
      [
        'too many bins',
        {
          ...good,
          signals: [
            entry('hostile', { latency: { zeroCount: 0, bins: many(4100, (i) => String(i - 2000)) } }),
          ],
        },
      ],
      ['too many entries', { ...good, signals: Array.from({ length: 2001 }, () => entry('hostile')) }],
      ['signals not an array', { ...good, signals: { 0: entry('hostile') } }],
      ['a window that ends before it starts', { ...good, start: w.end, end: w.start }],
      ['a window in the future', { ...good, ...window(Date.now() + HOUR) }],
      ['a date without offset', { ...good, start: '2026-11-26T12:00:00' }],
      ['null', null],
      ['an array', [good]],
    ];
    for (const [what, body] of bodies) {
      const res = await post(key.token, body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expect(['VALIDATION_FAILED', 'INVALID_JSON'], what).toContain(res.json().error.code);
    }
    const raw = await t().app.inject({
      method: 'POST',
      url: '/api/v1/sdk/metrics',
      headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' },
      payload: '{"batchId":"hostile-batch-03","signals":[{"flag":"hostile","__proto__":{"exposures":1}}]}',
    });
    expect(raw.statusCode).toBe(400);
    const s = await readSignals(t().database.db, query('hostile'));
    expect(Object.values(s).reduce((n, c) => n + c.exposures, 0)).toBe(0);
    // The good body still goes through.
    expect((await post(key.token, good)).statusCode).toBe(202);
  });
});
