import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { releaseFlag, startTestApp, type TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { type Listener, startListener } from '../webhooks/webhook-listener.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);

interface Reason {
  code: string;
  environment: string | null;
  since: string;
  ageDays: number;
  message: string;
}
interface Report {
  owners: { owner: string | null; flags: { key: string; reasons: Reason[] }[] }[];
}

/**
 * The cleanup job with a fake clock across two replicas on one database: one run per slot, one
 * `cleanup.report` webhook per owner and one `flag.expired` per newly expired flag, received by a real
 * HTTP listener; nothing a flag serves changes.
 */
describe.each(drivers())('flag lifecycle and the cleanup job (%s)', (driver) => {
  let now = at(0);
  const clock = () => now;
  let a: TestApp;
  let b: TestApp;
  let listener: Listener;
  let sdkKey: string;

  const rows = async (query: ReturnType<typeof sql>) =>
    ((await a.database.db.execute(query)) as unknown as { rows: unknown[] }).rows;

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers?: Record<string, string>,
  ) =>
    a.request({
      method,
      url: `/api/v1${url}`,
      ...(payload ? { payload } : {}),
      ...(headers ? { headers } : {}),
    });

  /** An SDK evaluating `flag` in the key's environment (production), reported through the real intake. */
  async function evaluated(flag: string) {
    const version = ((await api('GET', `/flags/${flag}`)).json() as { version: number }).version;
    const response = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sdk/metrics',
      headers: { authorization: `Bearer ${sdkKey}` },
      payload: {
        batchId: `batch-${flag}-${now.getTime()}`,
        start: new Date(now.getTime() - 60_000).toISOString(),
        end: now.toISOString(),
        signals: [{ flag, version, variant: 'on', cohort: 'other', exposures: 5 }],
      },
    });
    expect(response.statusCode, response.body).toBe(202);
  }

  /**
   * Relays the outbox and sends webhooks, from either replica, until the listener has `count` bodies (a
   * loaded machine may need a few rounds: a send in flight holds its claim). The senders' clock is five
   * minutes past `now`: a run that a racer dated a minute later has its deliveries due at that minute.
   */
  async function deliverWebhooks(count: number) {
    const later = new Date(now.getTime() + 5 * 60_000);
    for (let round = 0; round < 50 && listener.received.length < count; round++) {
      for (const replica of [a, b]) {
        await replica.app.services.jobs.runOnce('outbox-relay', later);
        await replica.app.services.jobs.runOnce('webhook-sender', later);
      }
      if (listener.received.length < count) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const deliveries = await rows(
      sql`select event_type, status, attempts from webhook_deliveries order by id`,
    );
    expect(listener.received.length, JSON.stringify(deliveries)).toBe(count);
  }

  beforeAll(async () => {
    listener = await startListener();
    const webhookAllow = loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' }).webhookAllow;
    a = await startTestApp(driver, { clock, webhookAllow });
    b = await startTestApp(driver, { clock, webhookAllow, database: a.database });
    const hook = await api('POST', '/webhooks', {
      url: listener.url(),
      events: ['cleanup.report', 'flag.expired'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const key = await api('POST', '/credentials', { kind: 'server', name: 'web', environment: 'production' });
    sdkKey = (key.json() as { token: string }).token;

    // Day 0: five flags.
    const create = async (body: object) => expect((await api('POST', '/flags', body)).statusCode).toBe(201);
    await create(releaseFlag('old_banner', { owner: 'web-team', expiresAt: at(20).toISOString() }));
    await create(releaseFlag('legacy_nav', { owner: 'web-team', expiresAt: at(80).toISOString() }));
    await create(releaseFlag('checkout_v2', { owner: 'checkout-team', expiresAt: at(80).toISOString() }));
    await create(releaseFlag('search_beta', { owner: 'checkout-team', expiresAt: at(85).toISOString() }));
    await create({ key: 'kill_payments', type: 'ops', owner: 'payments-team' });
    // checkout_v2 at 100% everywhere; search_beta at 10% in production.
    const full = { enabled: true, fallthrough: { variant: 'on' } };
    expect(
      (
        await api(
          'PATCH',
          '/flags/checkout_v2',
          { environments: { development: full, staging: full, production: full } },
          { 'if-match': '1' },
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await api(
          'PATCH',
          '/flags/search_beta/environments/production',
          { enabled: true, fallthrough: { variant: 'on', percentage: 10 } },
          { 'if-match': '1' },
        )
      ).statusCode,
    ).toBe(200);
    // Day 1: legacy_nav archived.
    now = at(1);
    expect((await api('POST', '/flags/legacy_nav/archive', undefined, { 'if-match': '1' })).statusCode).toBe(
      200,
    );
    // Day 39: the SDKs still evaluate checkout_v2, search_beta and (archived) legacy_nav in production.
    now = at(39);
    // dark_launch is created and deployed: evaluated while still off.
    await create(releaseFlag('dark_launch', { expiresAt: at(80).toISOString() }));
    for (const flag of ['checkout_v2', 'search_beta', 'legacy_nav', 'dark_launch']) await evaluated(flag);
    now = at(40);
  }, 90_000);

  afterAll(async () => {
    await b?.app.close();
    await a?.app.close();
    await a?.database.close();
    await listener?.close();
  });

  it('derives each flag’s lifecycle stage per environment from facts', async () => {
    const stage = async (flag: string, env: string) =>
      (
        (await api('GET', `/flags/${flag}`)).json() as {
          lifecycle: Record<string, { stage: string; since: string }>;
        }
      ).lifecycle[env];
    expect(await stage('checkout_v2', 'production')).toEqual({
      stage: 'cleanup_due',
      since: at(30).toISOString(),
    });
    expect((await stage('search_beta', 'production'))?.stage).toBe('canary');
    expect((await stage('search_beta', 'staging'))?.stage).toBe('created');
    expect(await stage('old_banner', 'production')).toEqual({
      stage: 'cleanup_due',
      since: at(20).toISOString(),
    });
    expect((await stage('legacy_nav', 'production'))?.stage).toBe('archived');
    expect((await stage('kill_payments', 'production'))?.stage).toBe('created');
    expect(await stage('dark_launch', 'production')).toEqual({
      stage: 'code_deployed',
      since: at(39).toISOString(),
    });
    expect((await stage('dark_launch', 'staging'))?.stage).toBe('created');

    const canary = await api('GET', '/flags?lifecycle=canary&environment=production');
    expect((canary.json() as { items: { key: string }[] }).items.map((f) => f.key)).toEqual(['search_beta']);
    expect((await api('GET', '/flags?lifecycle=canary&environment=nowhere')).statusCode).toBe(404);
    expect((await api('GET', '/flags?lifecycle=ripe')).statusCode).toBe(400);

    const summary = (await api('GET', '/lifecycle/summary')).json() as {
      environments: Record<string, Record<string, number>>;
    };
    expect(summary.environments.production).toEqual({
      created: 1,
      code_deployed: 1,
      test: 0,
      canary: 1,
      full: 0,
      cleanup_due: 2,
      archived: 1,
    });
  });

  it('reports stale and expired flags by owner with reasons and ages', async () => {
    const report = (await api('GET', '/cleanup')).json() as Report;
    const reasons = Object.fromEntries(
      report.owners.flatMap((group) =>
        group.flags.map((flag) => [flag.key, flag.reasons.map((r) => r.code)]),
      ),
    );
    expect(report.owners.map((group) => group.owner)).toEqual(['checkout-team', 'payments-team', 'web-team']);
    expect(reasons).toEqual({
      checkout_v2: ['settled'],
      kill_payments: ['not_evaluated'],
      // Never turned on: 0% everywhere for 40 days is settled too (the playbook's cleanup rule).
      old_banner: ['expired', 'settled', 'not_evaluated'],
      legacy_nav: ['archived_but_evaluated'],
    });
    const expired = report.owners[2]?.flags.find((f) => f.key === 'old_banner')?.reasons[0];
    expect(expired).toMatchObject({
      since: at(20).toISOString(),
      ageDays: 20,
      message: 'expired 20 days ago',
    });
    const web = (await api('GET', '/cleanup?owner=web-team')).json() as Report;
    expect(web.owners.map((group) => group.owner)).toEqual(['web-team']);
    expect((await api('GET', '/cleanup?environment=nowhere')).statusCode).toBe(404);
  });

  it('runs once per slot across two replicas, notifies each owner once, and changes nothing served', async () => {
    const versions = () => rows(sql`select key, version from flags order by key`);
    const before = await versions();
    const revisionsBefore = await rows(sql`select key, revision from environments order by key`);

    // Whichever racer wins dates the run; the one a minute later is started first, so it usually wins.
    const ran = await Promise.all([
      b.app.services.jobs.runOnce('cleanup', new Date(now.getTime() + 60_000)),
      a.app.services.jobs.runOnce('cleanup', now),
      b.app.services.jobs.runOnce('cleanup', now),
    ]);
    expect(ran).toEqual([true, true, true]);
    const runs = await rows(sql`select trigger, flagged, owners, notified from cleanup_runs`);
    expect(runs).toEqual([{ trigger: 'schedule', flagged: 4, owners: 3, notified: 4 }]);
    await deliverWebhooks(4);
    const bodies = listener.received.map(
      (r) => JSON.parse(r.body) as { type: string; subject: { key: string }; message: string },
    );
    expect(
      bodies
        .filter((x) => x.type === 'cleanup.report')
        .map((x) => x.subject.key)
        .sort(),
    ).toEqual(['checkout-team', 'payments-team', 'web-team']);
    expect(bodies.filter((x) => x.type === 'flag.expired').map((x) => x.subject.key)).toEqual(['old_banner']);
    const web = bodies.find((x) => x.subject.key === 'web-team');
    expect(web?.message).toBe(
      '2 flags owned by web-team need cleanup: legacy_nav (archived 39 days ago but still evaluated in production (last 2026-02-13T09:00:00.000Z)), old_banner (expired 20 days ago; serves off to everyone in every environment, unchanged for 40 days; never evaluated by an SDK (created 40 days ago))',
    );

    // Nothing served changed: same versions, same revisions.
    expect(await versions()).toEqual(before);
    expect(await rows(sql`select key, revision from environments order by key`)).toEqual(revisionsBefore);

    // The next day's run notifies each owner again, but old_banner expired only once.
    now = at(41);
    listener.received.length = 0;
    await b.app.services.jobs.runOnce('cleanup', now);
    await deliverWebhooks(3);
    const next = listener.received.map((r) => JSON.parse(r.body) as { type: string });
    expect(next.filter((x) => x.type === 'cleanup.report')).toHaveLength(3);
    expect(next.filter((x) => x.type === 'flag.expired')).toHaveLength(0);
  });

  it('runs on demand, audited with its actor', async () => {
    const run = await api('POST', '/cleanup/runs');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ flagged: 4, owners: 3, notified: 3 });
    const audit = (await api('GET', '/audit?resourceType=cleanup')).json() as {
      items: { action: string; actor: string; reason: string }[];
    };
    expect(audit.items[0]).toMatchObject({ action: 'cleanup.ran', reason: 'run on demand' });
  });

  it('extends an expiry with a reason, within the type’s maximum lifetime', async () => {
    const extend = (flag: string, body: object) => api('POST', `/flags/${flag}/expiry`, body);
    const ok = await extend('old_banner', {
      expiresAt: at(60).toISOString(),
      reason: 'waiting on the mobile release',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ expiresAt: at(60).toISOString(), state: 'active' });
    const audit = (await api('GET', '/audit?resourceType=flag&resourceKey=old_banner')).json() as {
      items: { action: string; reason: string | null }[];
    };
    expect(audit.items[0]).toMatchObject({
      action: 'flag.expiry_extended',
      reason: 'waiting on the mobile release',
    });

    for (const [flag, body] of [
      ['old_banner', { expiresAt: at(200).toISOString(), reason: 'past the release maximum (90 days)' }],
      ['old_banner', { expiresAt: at(50).toISOString(), reason: 'earlier than now set' }],
      ['kill_payments', { expiresAt: at(50).toISOString(), reason: 'ops flags do not expire' }],
      ['old_banner', { expiresAt: at(70).toISOString() }],
      ['old_banner', { expiresAt: 'soon', reason: 'not a date' }],
    ] as const) {
      const refused = await extend(flag, body);
      expect(refused.statusCode, `${flag} ${JSON.stringify(body)}`).toBe(400);
    }
    expect((await extend('no_such_flag', { expiresAt: at(60).toISOString(), reason: 'x' })).statusCode).toBe(
      404,
    );
    const stale = await api(
      'POST',
      '/flags/old_banner/expiry',
      { expiresAt: at(70).toISOString(), reason: 'r' },
      {
        'if-match': '1',
      },
    );
    expect(stale.statusCode).toBe(412);
    const flag = (await api('GET', '/flags/old_banner')).json() as { expiresAt: string };
    expect(flag.expiresAt).toBe(at(60).toISOString());
  });
});
