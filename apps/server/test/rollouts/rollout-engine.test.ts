import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickRollouts } from '../../src/rollouts/rollout-engine.ts';
import { releaseFlag, startTestApp, type TestApp, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { scriptedSignals } from './scripted-signals.ts';

let now = new Date('2026-12-01T12:00:00Z');
const clock = () => now;
const advanceClock = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};
const signals = scriptedSignals(clock);

/** Fast stages and no metrics delay: a look after 2 s may advance. */
const fast = { minStageSeconds: 1, criteria: { metricsDelaySeconds: 0 } };

async function createReleaseFlag(t: TestApp, key: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/flags',
    payload: releaseFlag(key, { tags: ['payments'] }),
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function startPlan(t: TestApp, flag: string, extra: Record<string, unknown> = {}) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/rollouts',
    payload: { flag, environment: 'production', ...fast, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; stages: { percentage: number }[]; template: string; status: string };
}

async function served(t: TestApp, flag: string) {
  const res = await t.request({ method: 'GET', url: `/api/v1/flags/${flag}` });
  const state = (
    res.json() as {
      environments: Record<
        string,
        { enabled: boolean; fallthrough: { percentage?: number; variant?: string } }
      >;
    }
  ).environments.production!;
  return {
    enabled: state.enabled,
    percentage: state.fallthrough.percentage,
    variant: state.fallthrough.variant,
  };
}

async function tick(t: TestApp) {
  advanceClock(2);
  return t.app.services.jobs.runOnce('rollout-engine', now);
}

async function plan(t: TestApp, id: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/rollouts/${id}` })).json() as {
    status: string;
    percentage: number;
    stageIndex: number;
    endedReason: { reason: string } | null;
    verdict: {
      action: string;
      criteria: { name: string; status: string; figures: Record<string, unknown> }[];
    } | null;
    history: { kind: string; actor: string; message: string; toPercentage: number | null }[];
  };
}

async function count(t: TestApp, query: ReturnType<typeof sql>): Promise<number> {
  const result = await t.database.db.execute(query);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

describe.each(drivers())('guarded rollouts (%s)', (driver) => {
  const t = useTestApp(driver, { clock, signals: signals.source, jobs: false });

  it('suggests the conservative ladder for a payments flag, and says why', async () => {
    await createReleaseFlag(t(), 'pay_flow');
    const res = await t().request({ method: 'GET', url: '/api/v1/rollouts/suggestion?flag=pay_flow' });
    expect(res.statusCode, res.body).toBe(200);
    const suggestion = res.json() as {
      template: string;
      reasons: string[];
      stages: { percentage: number; minDurationSeconds: number }[];
    };
    expect(suggestion.template).toBe('conservative');
    expect(suggestion.stages.map((s) => s.percentage)).toEqual([0.1, 1, 5, 10, 25, 50, 100]);
    expect(suggestion.stages[0]!.minDurationSeconds).toBe(4 * 3600);
    expect(suggestion.reasons.join(' ')).toMatch(/payments/);
  });

  it('walks a healthy release up the conservative ladder to 100%, once per stage, with history, audit and outbox', async () => {
    await createReleaseFlag(t(), 'healthy_flow');
    const started = await startPlan(t(), 'healthy_flow');
    expect(started.template).toBe('conservative');
    expect(await served(t(), 'healthy_flow')).toEqual({ enabled: true, percentage: 0.1, variant: 'on' });
    signals.healthy('healthy_flow');
    const seen: number[] = [];
    for (let i = 0; i < 12 && (await plan(t(), started.id)).status === 'running'; i++) {
      await tick(t());
      seen.push((await served(t(), 'healthy_flow')).percentage ?? -1);
    }
    expect([...new Set(seen)]).toEqual([1, 5, 10, 25, 50, 100]);
    const done = await plan(t(), started.id);
    expect(done.status).toBe('completed');
    expect(done.history.map((h) => h.kind)).toEqual([
      'started',
      'advanced',
      'advanced',
      'advanced',
      'advanced',
      'advanced',
      'completed',
    ]);
    expect(done.history[1]!.message).toBe('healthy_flow is at 1% with no issues');
    expect(done.history.at(-1)!.message).toBe('healthy_flow is fully rolled out');
    expect(
      await count(
        t(),
        sql`select count(*)::int as n from outbox where subject_key = 'healthy_flow' and type like 'rollout.%'`,
      ),
    ).toBe(7);
    expect(
      await count(
        t(),
        sql`select count(*)::int as n from audit_log where resource_type = 'rollout' and resource_key = ${started.id}`,
      ),
    ).toBe(7);
  });

  it('refuses a manual edit of a planned rollout with a 409 naming the plan, but the kill switch works and stops the plan', async () => {
    await createReleaseFlag(t(), 'killable');
    const started = await startPlan(t(), 'killable');
    const patch = (body: object) =>
      t().request({
        method: 'PATCH',
        url: '/api/v1/flags/killable/environments/production',
        headers: { 'if-match': '*' },
        payload: body,
      });
    const refused = await patch({ fallthrough: { variant: 'on', percentage: 50 } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'ROLLOUT_IN_PROGRESS' } });
    expect(refused.body).toContain(started.id);
    const killed = await patch({ enabled: false });
    expect(killed.statusCode, killed.body).toBe(200);
    const stopped = await plan(t(), started.id);
    expect(stopped.status).toBe('rolled_back');
    expect(stopped.endedReason?.reason).toMatch(/kill switch/);
    expect(stopped.history.at(-1)).toMatchObject({ kind: 'rolled_back', actor: 'bootstrap-admin' });
    // No longer planned: the rollout is the person's again.
    expect((await patch({ fallthrough: { variant: 'on', percentage: 50 } })).statusCode).toBe(200);
  });

  it('rolls back at once when treatment errors 5 pp above control, with the figures, and stays rolled back', async () => {
    await createReleaseFlag(t(), 'failing_flow');
    const started = await startPlan(t(), 'failing_flow');
    signals.healthy('failing_flow');
    await tick(t());
    await tick(t());
    expect((await served(t(), 'failing_flow')).percentage).toBe(5);
    signals.set(
      'failing_flow',
      { calls: 3_000, errorRate: 0.07, errorType: 'TimeoutError' },
      { calls: 3_000, errorRate: 0.01 },
    );
    await tick(t());
    expect(await served(t(), 'failing_flow')).toEqual({ enabled: true, percentage: 0, variant: 'on' });
    const rolled = await plan(t(), started.id);
    expect(rolled.status).toBe('rolled_back');
    expect(rolled.endedReason?.reason).toMatch(/error rate 7\.00% vs 1\.00%/);
    const last = rolled.history.at(-1)!;
    expect(last.message).toMatch(/^Rollback triggered due to error rate/);
    expect(last.actor).toBe('rollout-engine');
    // Final: healthy data does not re-advance it.
    signals.healthy('failing_flow');
    await tick(t());
    expect((await served(t(), 'failing_flow')).percentage).toBe(0);
    // A person restarts it: the first stage again, the same salt (nobody re-randomised).
    const restarted = await t().request({ method: 'POST', url: `/api/v1/rollouts/${started.id}/restart` });
    expect(restarted.statusCode, restarted.body).toBe(201);
    expect((await served(t(), 'failing_flow')).percentage).toBe(0.1);
  });

  it('rolls back on a p99 twice control', async () => {
    await createReleaseFlag(t(), 'slow_flow');
    const started = await startPlan(t(), 'slow_flow');
    signals.set('slow_flow', { calls: 8_000, errorRate: 0.01, tail: 2.2 }, { calls: 8_000, errorRate: 0.01 });
    await tick(t());
    const rolled = await plan(t(), started.id);
    expect(rolled.status).toBe('rolled_back');
    expect(rolled.endedReason?.reason).toMatch(/p99 latency/);
  });

  it('holds on thin traffic and says so; pause, resume, advance and roll back by hand are audited', async () => {
    await createReleaseFlag(t(), 'thin_flow');
    const started = await startPlan(t(), 'thin_flow');
    signals.set('thin_flow', { calls: 20, errorRate: 0 }, { calls: 20, errorRate: 0 });
    await tick(t());
    const held = await plan(t(), started.id);
    expect(held.status).toBe('running');
    expect(held.verdict?.action).toBe('hold');
    expect(held.verdict?.criteria.find((c) => c.name === 'sample size')).toMatchObject({ status: 'no_data' });
    for (const [action, status] of [
      ['pause', 'paused'],
      ['resume', 'running'],
      ['advance', 'running'],
    ] as const) {
      const res = await t().request({ method: 'POST', url: `/api/v1/rollouts/${started.id}/${action}` });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { status: string }).status).toBe(status);
    }
    expect((await served(t(), 'thin_flow')).percentage).toBe(1);
    const back = await t().request({
      method: 'POST',
      url: `/api/v1/rollouts/${started.id}/rollback`,
      payload: { reason: 'user complaints spike' },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await served(t(), 'thin_flow')).percentage).toBe(0);
    const kinds = (await plan(t(), started.id)).history.map((h) => `${h.kind}:${h.actor}`);
    expect(kinds).toEqual([
      'started:bootstrap-admin',
      'paused:bootstrap-admin',
      'resumed:bootstrap-admin',
      'advanced:bootstrap-admin',
      'rolled_back:bootstrap-admin',
    ]);
    const again = await t().request({ method: 'POST', url: `/api/v1/rollouts/${started.id}/pause` });
    expect(again.statusCode).toBe(409);
  });

  it('refuses bad plans with a 400 and a second active plan with a 409', async () => {
    await createReleaseFlag(t(), 'strict_flow');
    const bad = [
      { flag: 'strict_flow', environment: 'production', stages: [10, 5, 100] },
      { flag: 'strict_flow', environment: 'production', stages: [1, 50] },
      { flag: 'strict_flow', environment: 'production', template: 'conservative', stages: [1, 100] },
      { flag: 'strict_flow', environment: 'production', stages: [0.0001, 100] },
      { flag: 'strict_flow', environment: 'production', minStageSeconds: 0 },
      { flag: 'strict_flow', environment: 'production', criteria: { rollback: { errorRateDeltaPp: -1 } } },
      {
        flag: 'strict_flow',
        environment: 'production',
        guards: [{ name: 'x', query: 'up', failWhen: '=', threshold: 1, action: 'hold' }],
      },
      { flag: 'strict_flow', environment: 'production', treatmentVariant: 'off' },
      { flag: 'strict_flow', environment: 'production', unknown: true },
    ];
    for (const payload of bad) {
      const res = await t().request({ method: 'POST', url: '/api/v1/rollouts', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (
        await t().request({
          method: 'POST',
          url: '/api/v1/rollouts',
          payload: { flag: 'nope', environment: 'production' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t().request({
          method: 'POST',
          url: '/api/v1/rollouts',
          payload: { flag: 'strict_flow', environment: 'nope' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t().request({ method: 'GET', url: '/api/v1/rollouts/ro_0000000000000000' })).statusCode,
    ).toBe(404);
    expect((await t().request({ method: 'GET', url: '/api/v1/rollouts/x' })).statusCode).toBe(400);
    await startPlan(t(), 'strict_flow');
    const second = await t().request({
      method: 'POST',
      url: '/api/v1/rollouts',
      payload: { flag: 'strict_flow', environment: 'production' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'ROLLOUT_IN_PROGRESS' } });
  });
});

describe.each(drivers())('rollout transitions across replicas (%s)', (driver) => {
  const a = useTestApp(driver, { clock, signals: signals.source, jobs: false });

  it('records each transition once when two replicas look at the same moment', async () => {
    const b = await startTestApp(driver, {
      clock,
      signals: signals.source,
      jobs: false,
      database: a().database,
    });
    try {
      await createReleaseFlag(a(), 'raced_flow');
      const started = await startPlan(a(), 'raced_flow');
      signals.healthy('raced_flow');
      for (let i = 0; i < 8; i++) {
        advanceClock(2);
        // Straight at the engine on both replicas (past the lease): plan claims and versions decide.
        const deps = (t: TestApp) => ({
          db: t.database.db,
          flags: t.app.services.flags,
          rollouts: t.app.services.rollouts,
        });
        await Promise.all([tickRollouts(deps(a()), now), tickRollouts(deps(b), now)]);
      }
      const done = await plan(a(), started.id);
      expect(done.status).toBe('completed');
      expect(done.history.map((h) => h.kind)).toEqual([
        'started',
        'advanced',
        'advanced',
        'advanced',
        'advanced',
        'advanced',
        'completed',
      ]);
      expect(
        await count(a(), sql`select count(*)::int as n from flag_versions where flag_key = 'raced_flow'`),
      ).toBe(8);
      // The lease: one replica's tick runs, the other's is skipped.
      const ran = await Promise.all([
        a().app.services.jobs.runOnce('rollout-engine', now),
        b.app.services.jobs.runOnce('rollout-engine', now),
      ]);
      expect(ran.filter(Boolean)).toHaveLength(1);
    } finally {
      await b.app.close();
    }
  });
});
