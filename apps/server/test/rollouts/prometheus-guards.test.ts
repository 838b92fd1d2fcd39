import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAvailable, type RunningPrometheus, startPrometheus } from '../support/prometheus.ts';
import { releaseFlag, startTestApp, type TestApp } from '../support/test-app.ts';
import { scriptedSignals } from './scripted-signals.ts';

// Real time: Prometheus answers a query at the time it names, and its samples are from now.
let now = new Date();
const signals = scriptedSignals(() => now);

/** The application under rollout: it exposes the gauges its operators watch. */
function testApplication() {
  const gauges = { memory: 400e6, poolInUse: 3 };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      `# TYPE app_memory_bytes gauge\napp_memory_bytes ${gauges.memory}\n# TYPE app_db_pool_in_use gauge\napp_db_pool_in_use ${gauges.poolInUse}\n`,
    );
  });
  return { server, gauges };
}

describe.runIf(prometheusAvailable())('rollout guards against a real Prometheus', () => {
  const application = testApplication();
  let prometheus: RunningPrometheus;
  let t: TestApp;

  beforeAll(async () => {
    await new Promise<void>((r) => application.server.listen(0, '127.0.0.1', r));
    t = await startTestApp('embedded', { clock: () => now, signals: signals.source, jobs: false });
    const flagstaff = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    const port = (application.server.address() as AddressInfo).port;
    // Prometheus scrapes the application and Flagstaff's own /metrics.
    prometheus = await startPrometheus([`127.0.0.1:${port}`, flagstaff.host]);
    t.app.services.rollouts.setPrometheusUrl(prometheus.url);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await t?.app.close();
    await t?.database.close();
    application.server.close();
  });

  async function tick() {
    // Past the 1 s stages, and never behind real time: Prometheus's samples are from now.
    now = new Date(Math.max(Date.now(), now.getTime() + 2000));
    await t.app.services.jobs.runOnce('rollout-engine', now);
  }

  async function plan(id: string) {
    return (await t.request({ method: 'GET', url: `/api/v1/rollouts/${id}` })).json() as {
      status: string;
      percentage: number;
      endedReason: { reason: string } | null;
      verdict: { criteria: { name: string; status: string; message: string }[] } | null;
    };
  }

  it('advances while the guards hold, rolls back when a rollback guard trips, and holds on a query with no data', async () => {
    await prometheus.waitFor('app_memory_bytes', (v) => v === 400e6);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('guarded_flow') }))
        .statusCode,
    ).toBe(201);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/rollouts',
      payload: {
        flag: 'guarded_flow',
        environment: 'production',
        template: 'conservative',
        minStageSeconds: 1,
        criteria: { metricsDelaySeconds: 0 },
        guards: [
          {
            name: 'memory leak',
            query: 'max(app_memory_bytes)',
            failWhen: '>',
            threshold: 1e9,
            action: 'rollback',
          },
          {
            name: 'pool exhaustion',
            query: 'max(app_db_pool_in_use)',
            failWhen: '>',
            threshold: 18,
            action: 'hold',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    signals.healthy('guarded_flow');
    await tick();
    const first = await plan(id);
    expect(first.percentage, JSON.stringify(first.verdict?.criteria.filter((c) => c.status !== 'pass'))).toBe(
      1,
    );

    // The pool fills: a hold guard blocks advancing, and says so.
    application.gauges.poolInUse = 20;
    await prometheus.waitFor('max(app_db_pool_in_use)', (v) => v === 20);
    await tick();
    const held = await plan(id);
    expect(held.percentage).toBe(1);
    expect(held.verdict?.criteria.find((c) => c.name === 'prometheus: pool exhaustion')).toMatchObject({
      status: 'fail',
    });

    // Memory climbs past the trigger: rollback at once.
    application.gauges.memory = 2e9;
    await prometheus.waitFor('max(app_memory_bytes)', (v) => v === 2e9);
    await tick();
    const rolled = await plan(id);
    expect(rolled.status).toBe('rolled_back');
    expect(rolled.endedReason?.reason).toMatch(/memory leak = 2000000000/);

    // Prometheus also scrapes Flagstaff itself.
    await prometheus.waitFor('flagstaff_rollout_plans{status="rolled_back"}', (v) => v === 1);
    await prometheus.waitFor('sum(flagstaff_http_requests_total)', (v) => (v ?? 0) > 0);
  }, 90_000);

  it('holds (never passes) when a guard query returns no data', async () => {
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('blind_flow') }))
        .statusCode,
    ).toBe(201);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/rollouts',
      payload: {
        flag: 'blind_flow',
        environment: 'production',
        minStageSeconds: 1,
        criteria: { metricsDelaySeconds: 0 },
        guards: [
          { name: 'cpu', query: 'max(no_such_metric)', failWhen: '>', threshold: 0.9, action: 'rollback' },
        ],
      },
    });
    const id = (res.json() as { id: string }).id;
    signals.healthy('blind_flow');
    await tick();
    const held = await plan(id);
    expect(held.status).toBe('running');
    expect(held.verdict?.criteria.find((c) => c.name === 'prometheus: cpu')).toMatchObject({
      status: 'no_data',
    });
  }, 30_000);
});
