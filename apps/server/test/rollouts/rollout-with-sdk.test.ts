import { createClient } from '@flagstaff/node';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.ts';
import { releaseFlag, startTestApp, type TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { startListener } from '../webhooks/webhook-listener.ts';
import { BASE_MS, SLOW_FACTOR, startLatencyApplication } from './latency-process.ts';
import { runApplication } from './sdk-application.ts';
import { secondsLongPlan } from './seconds-long-plan.ts';

/**
 * The whole loop with real parts: an application using the Node SDK measures a flagged code path for
 * many users; its reports reach the intake; the engine reads them from the database, decides and
 * changes the flag; the SDK receives the change over its stream; the outbox feeds a signed webhook
 * to a real HTTP listener. Only the tick is driven by the test (real clock), so it runs in seconds.
 */
describe.each(drivers())('a guarded rollout driven by a real SDK (%s)', (driver) => {
  let t: TestApp;
  let url: string;
  let sdkKey: string;
  let listener: Awaited<ReturnType<typeof startListener>>;
  let secret: string;

  beforeAll(async () => {
    listener = await startListener();
    t = await startTestApp(driver, {
      webhookAllow: loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' }).webhookAllow,
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const key = await t.request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'server', name: 'checkout-service', environment: 'production' },
    });
    sdkKey = (key.json() as { token: string }).token;
    const hook = await t.request({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: listener.url(), events: ['rollout.*'] },
    });
    expect(hook.statusCode, hook.body).toBe(201);
    secret = (hook.json() as { secret: string }).secret;
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
    await t?.database.close();
    await listener?.close();
  });

  async function plan(id: string) {
    return (await t.request({ method: 'GET', url: `/api/v1/rollouts/${id}` })).json() as {
      status: string;
      percentage: number;
      endedReason: { reason: string; figures?: unknown } | null;
      history: { kind: string; message: string; toPercentage: number | null; figures: unknown }[];
    };
  }

  /** The figures of one criterion in a rollback's audit record (`after.endedReason.figures`). */
  async function auditedRollback(id: string, criterion: string) {
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?resourceType=rollout&resourceKey=${id}`,
    });
    const records = (
      audit.json() as {
        items: {
          action: string;
          after: {
            endedReason?: { figures?: { criteria?: { name: string; figures: Record<string, unknown> }[] } };
          };
        }[];
      }
    ).items;
    const rollback = records.find((r) => r.action === 'rollout.rolled_back');
    return rollback?.after.endedReason?.figures?.criteria?.find((c) => c.name === criterion)?.figures;
  }

  /** The one signed `rollout.rolled_back` webhook for the flag (relayed and sent until it arrives). */
  async function rollbackWebhook(flag: string) {
    const matching = () =>
      listener.received.filter(
        (r) => r.body.includes('"rollout.rolled_back"') && r.body.includes(`"${flag}"`),
      );
    for (let i = 0; i < 20 && matching().length === 0; i++) {
      await t.app.services.jobs.runOnce('outbox-relay', new Date());
      await t.app.services.jobs.runOnce('webhook-sender', new Date());
      await new Promise((r) => setTimeout(r, 100));
    }
    const hooks = matching();
    expect(hooks).toHaveLength(1);
    expect(verifyWebhook(secret, hooks[0]!.headers, hooks[0]!.body, new Date())).toEqual({ ok: true });
    return JSON.parse(hooks[0]!.body) as {
      message: string;
      data: {
        plan: string;
        figures: { figures: { criteria: { name: string; figures: Record<string, unknown> }[] } };
      };
    };
  }

  /** Ticks the engine (and the outbox and webhooks) every 300 ms until `done`, at most `seconds`. */
  async function drive(
    id: string,
    done: (p: Awaited<ReturnType<typeof plan>>) => boolean,
    seconds: number,
    onLook = (_p: Awaited<ReturnType<typeof plan>>) => {},
  ) {
    const end = Date.now() + seconds * 1000;
    for (;;) {
      await t.app.services.jobs.runOnce('rollout-engine', new Date());
      await t.app.services.jobs.runOnce('outbox-relay', new Date());
      await t.app.services.jobs.runOnce('webhook-sender', new Date());
      const p = await plan(id);
      onLook(p);
      if (done(p)) return p;
      if (Date.now() > end)
        throw new Error(`not done after ${seconds} s: ${JSON.stringify(p).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function start(flag: string, plan?: Record<string, unknown>) {
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(flag) })).statusCode,
    ).toBe(201);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/rollouts',
      payload: plan ? { flag, environment: 'production', ...plan } : secondsLongPlan(flag),
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  it('walks the conservative ladder to 100% while the new path is healthy', async () => {
    const id = await start('checkout_v2');
    const client = createClient({ url, sdkKey, metrics: { interval: 200 } });
    await client.ready({ timeout: 5000 });
    const app = runApplication(client, 'checkout_v2');
    try {
      const done = await drive(id, (p) => p.status !== 'running', 90);
      expect(done.status).toBe('completed');
      const moves = done.history.filter((h) => h.toPercentage !== null);
      expect(
        moves.map((h) => h.toPercentage),
        JSON.stringify(done.history),
      ).toEqual([0.1, 1, 5, 10, 25, 50, 100]);
      expect(done.history.filter((h) => h.kind === 'rolled_back')).toEqual([]);
      // Nor an alert: timings of a function that returns at once are noise, and noise is no alert.
      expect(done.history.filter((h) => h.kind === 'alert')).toEqual([]);
    } finally {
      await app.stop();
    }
    await t.request({
      method: 'POST',
      url: '/api/v1/flags/checkout_v2/archive',
      headers: { 'if-match': '*' },
    });
  }, 120_000);

  it('rolls back when the new path starts failing at the third stage: users back on stable, a signed webhook, an audit record with the figures', async () => {
    const id = await start('checkout_v3');
    const client = createClient({ url, sdkKey, metrics: { interval: 200 } });
    await client.ready({ timeout: 5000 });
    const app = runApplication(client, 'checkout_v3');
    let failingSince: number | undefined;
    try {
      const done = await drive(
        id,
        (p) => p.status !== 'running',
        90,
        (p) => {
          if (p.percentage >= 5 && !app.failing) {
            app.failing = true;
            failingSince = Date.now();
          }
        },
      );
      expect(done.status).toBe('rolled_back');
      expect(done.history.at(-1)?.message).toMatch(/^Rollback triggered due to error rate/);
      expect(done.endedReason?.reason).toMatch(/error rate/);
      expect(failingSince).toBeDefined();
      // Users back on the stable variant once the SDK has the change.
      const users = Array.from({ length: 20_000 }, (_, i) => `u-${i}`);
      for (let i = 0; i < 100 && users.some((u) => client.isEnabled('checkout_v3', { userId: u })); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(users.filter((u) => client.isEnabled('checkout_v3', { userId: u }))).toEqual([]);
    } finally {
      await app.stop();
    }
    const figures = await auditedRollback(id, 'error rate (rollback)');
    expect(figures).toMatchObject({ treatmentErrors: expect.any(Number), controlErrors: 0 });
    // The webhook: delivered once, signed, with the stakeholder message.
    const body = await rollbackWebhook('checkout_v3');
    expect(body.message).toMatch(/^Rollback triggered due to error rate/);
    expect(body.data.plan).toBe(id);
    const stored = await t.database.db.execute(
      sql`select count(*)::int as n from rollout_events where plan_id = ${id} and kind = 'rolled_back'`,
    );
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  }, 120_000);

  it('rolls back on a p99-only regression from the third stage, timed by the SDK on real, controlled latencies', async () => {
    // Custom stages from 10%: the p99 trigger needs 2,000 timed calls per cohort at every stage (a
    // 0.1% stage would need two million requests), and holds until it has them. Stages of 6 s: a call
    // is timed when it ends, so a slow call (1.6 s) started in the last 1.6 s of the window is not in
    // it yet while fast ones are. With 3 s stages and a look at exactly 3 + 1 s, only 0.8% of the
    // window's treatment calls were slow, below the p99 (a CI run completed the plan); with 6 s, 1.6%.
    const id = await start('checkout_v4', {
      stages: [10, 20, 40, 100],
      minStageSeconds: 6,
      criteria: { minSamplePerCohort: 150, metricsDelaySeconds: 1 },
    });
    const app = startLatencyApplication({ url, sdkKey, flag: 'checkout_v4' });
    let regressedAt: number | undefined;
    try {
      await app.ready;
      const done = await drive(
        id,
        (p) => p.status !== 'running',
        150,
        (p) => {
          if (p.percentage >= 40 && regressedAt === undefined) {
            app.child.send('regress');
            regressedAt = p.percentage;
          }
        },
      );
      expect(done.status, JSON.stringify(done.history)).toBe('rolled_back');
      expect(regressedAt).toBe(40);
      expect(
        done.history.filter((h) => h.toPercentage !== null).map((h) => h.toPercentage),
        JSON.stringify(done.history),
      ).toEqual([10, 20, 40, 0]);
      expect(done.endedReason?.reason).toMatch(/^p99 latency [0-9.]+x control/);
      // Only p99 regressed: no error-rate trigger, and nothing rolled back before the third stage.
      expect(done.endedReason?.reason).not.toMatch(/error rate/);
    } finally {
      await app.stop();
    }
    const figures = (await auditedRollback(id, 'p99 latency (rollback)')) as {
      treatmentMs: number;
      controlMs: number;
      ratio: { estimate: number; lower: number; upper: number };
    };
    // Control's p99 is the path's own time (plus the timer's and the loop's delay); the new path's
    // slowest 2% take SLOW_FACTOR times as long.
    // Sketched quantiles are within 2% of the true ones (DDSketch's relative accuracy).
    expect(figures.controlMs).toBeGreaterThanOrEqual(0.98 * BASE_MS);
    expect(figures.treatmentMs).toBeGreaterThanOrEqual(0.98 * SLOW_FACTOR * BASE_MS);
    expect(figures.ratio.lower).toBeGreaterThan(1);
    expect(figures.ratio.upper).toBeGreaterThanOrEqual(2);
    const body = await rollbackWebhook('checkout_v4');
    expect(body.message).toMatch(/^Rollback triggered due to p99 latency/);
    // The webhook carries the decisive criterion and its figures, as the audit record does.
    const decisive = body.data.figures.figures.criteria;
    // (the failing criteria: the trigger, what fails with it, and the stage's time if not yet up).
    expect(decisive.map((c) => c.name)).toContain('p99 latency (rollback)');
    expect(decisive.map((c) => c.name).filter((n) => /error|conversion|sample/.test(n))).toEqual([]);
    expect(decisive.find((c) => c.name === 'p99 latency (rollback)')!.figures).toEqual(figures);
  }, 180_000);
});
