import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { webhookSubscriptions } from '../../src/db/schema.ts';
import type { DomainEvent } from '../../src/webhooks/domain-event.ts';
import { fanOutEvent } from '../../src/webhooks/fan-out-event.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/webhooks/retry-schedule.ts';
import { sendDueWebhooks, type WebhookSenderOptions } from '../../src/webhooks/send-due-webhooks.ts';
import { deliveryView } from '../../src/webhooks/webhook-schemas.ts';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.ts';
import type { Resolver } from '../../src/webhooks/webhook-url-guard.ts';
import { claimDueDeliveries, pruneWebhookDeliveries } from '../../src/webhooks/webhooks-repository.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { type Listener, startListener } from './webhook-listener.ts';

const allow = loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' }).webhookAllow;
/** Test DNS: `hooks.test` is the listener; `rebind.test` answers what the test says at that moment. */
let rebindTo = '93.184.215.14';
const resolver: Resolver = async (host) => {
  if (host === 'hooks.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'rebind.test') return [{ address: rebindTo, family: 4 }];
  return [];
};

let sequence = 0;
function event(overrides: Partial<DomainEvent> = {}): DomainEvent {
  sequence += 1;
  return {
    id: `evt_${sequence}_${Math.random().toString(36).slice(2, 8)}`,
    type: 'rollout.advanced',
    occurredAt: T0.toISOString(),
    environment: 'production',
    subject: { kind: 'flag', key: 'new_checkout_flow' },
    message: 'new_checkout_flow is at 10% with no issues',
    data: { stage: 2, percentage: 10, errorRate: { treatment: 0.41, control: 0.4 } },
    ...overrides,
  };
}

/** The fake clock's origin: the real time, so signatures verify within their tolerance. */
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(drivers())('webhook sending (%s)', (driver) => {
  const t = useTestApp(driver, { webhookAllow: allow, webhookResolver: resolver });
  let listener: Listener;
  const warnings: { details: object; message: string }[] = [];
  const deps = () => ({
    db: t().database.db,
    log: { warn: (details: object, message: string) => warnings.push({ details, message }) },
    allow,
    resolve: resolver,
  });
  const send = (now: Date, options: WebhookSenderOptions = {}) =>
    sendDueWebhooks(deps(), now, { random: () => 0.5, ...options });
  const flakyCalls = { count: 0 };
  let receiverFixed = false;

  beforeAll(async () => {
    listener = await startListener((request, res) => {
      if (request.path === '/flaky') {
        flakyCalls.count += 1;
        res
          .writeHead(flakyCalls.count <= 2 ? 500 : 200)
          .end(flakyCalls.count <= 2 ? 'database is down' : 'ok');
      } else if (request.path === '/down') res.writeHead(503).end();
      else if (request.path === '/fixed-later') res.writeHead(receiverFixed ? 200 : 503).end();
      else if (request.path === '/redirect') res.writeHead(302, { location: listener.url('/target') }).end();
      else if (request.path === '/slow') {
        // never answers
      } else res.writeHead(204).end();
    });
  });
  afterAll(() => listener.close());
  afterEach(async () => {
    // Each test's subscriptions (and their deliveries) go, so the next test's sender sees only its own.
    await t().database.db.delete(webhookSubscriptions);
  });

  async function subscribe(payload: Record<string, unknown>) {
    const res = await t().request({ method: 'POST', url: '/api/v1/webhooks', payload });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string };
  }
  const fanOut = (e: DomainEvent) => t().database.db.transaction((tx) => fanOutEvent(tx, e));
  async function deliveries(id: string) {
    const res = await t().request({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries` });
    expect(res.statusCode).toBe(200);
    for (const item of res.json().items) expect(deliveryView.strict().safeParse(item).success).toBe(true);
    return res.json().items as {
      id: string;
      eventId: string;
      status: string;
      attempts: number;
      nextAttemptAt: string | null;
      log: {
        attempt: number;
        statusCode: number | null;
        error: string | null;
        nextAttemptAt: string | null;
      }[];
    }[];
  }
  const receivedAt = (path: string) => listener.received.filter((r) => r.path === path);

  it('delivers a signed event once; the receiver verifies it and a tampered copy fails', async () => {
    const { id, secret } = await subscribe({ url: listener.url('/signed'), events: ['rollout.*'] });
    const e = event();
    expect(await fanOut(e)).toBe(1);
    expect(await fanOut(e)).toBe(0); // fan-out of the same event twice queues it once
    const now = at(1_000);
    expect(await send(now)).toEqual({ sent: 1, failed: 0 });
    expect(await send(at(2_000))).toEqual({ sent: 0, failed: 0 });

    const [got, ...more] = receivedAt('/signed');
    expect(more).toHaveLength(0);
    expect(got!.headers['webhook-id']).toBe(e.id);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    expect(verifyWebhook(secret, got!.headers, got!.body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, got!.headers, got!.body.replace('10%', '100%'), now).ok).toBe(false);
    expect(verifyWebhook(`whsec_${'A'.repeat(43)}=`, got!.headers, got!.body, now).ok).toBe(false);
    expect(verifyWebhook(secret, got!.headers, got!.body, at(10 * 60_000)).ok).toBe(false); // replayed late
    expect(JSON.parse(got!.body)).toEqual(e);

    const [delivery] = await deliveries(id);
    expect(delivery).toMatchObject({ eventId: e.id, status: 'delivered', attempts: 1, nextAttemptAt: null });
    expect(delivery!.log).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 204, error: null, nextAttemptAt: null }),
    ]);
  });

  it('queues only what a subscription filters for, and nothing for a disabled one', async () => {
    const staging = await subscribe({
      url: listener.url('/filtered'),
      events: ['flag.*'],
      environments: ['staging'],
    });
    const off = await subscribe({ url: listener.url('/off'), events: ['*'], enabled: false });
    const wanted = [
      event({ type: 'flag.updated', environment: 'staging' }),
      event({ type: 'flag.created', environment: null }),
    ];
    const unwanted = [
      event({ type: 'flag.updated', environment: 'production' }),
      event({ type: 'rollout.started', environment: 'staging' }),
    ];
    for (const e of [...wanted, ...unwanted]) await fanOut(e);
    expect((await deliveries(staging.id)).map((d) => d.eventId).sort()).toEqual(
      wanted.map((e) => e.id).sort(),
    );
    expect(await deliveries(off.id)).toEqual([]);
    expect(await send(at(1_000))).toEqual({ sent: 2, failed: 0 });
  });

  it('sends a Slack-compatible body', async () => {
    await subscribe({ url: listener.url('/slack'), events: ['rollout.rolled_back'], format: 'slack' });
    const message = 'Rollback triggered due to error rate 6.1% vs 0.4% (treatment vs control)';
    await fanOut(event({ type: 'rollout.rolled_back', message }));
    await send(at(1_000));
    const body = JSON.parse(receivedAt('/slack')[0]!.body);
    expect(body.text).toBe(message);
    expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: message } });
    expect(body.blocks[1].elements[0].text).toContain('production');
  });

  it('retries 500s with growing, jittered delays on a fake clock, then delivers with the same webhook-id', async () => {
    flakyCalls.count = 0;
    const { id } = await subscribe({ url: listener.url('/flaky'), events: ['*'] });
    const e = event();
    await fanOut(e);
    expect(await send(at(0))).toEqual({ sent: 0, failed: 1 });
    let [delivery] = await deliveries(id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery!.log[0]).toMatchObject({
      attempt: 1,
      statusCode: 500,
      error: 'HTTP 500: database is down',
    });
    const first = new Date(delivery!.nextAttemptAt!).getTime() - T0.getTime();
    expect(first).toBe(retryDelayMs(1, () => 0.5));
    expect(first).toBeGreaterThanOrEqual(8_000);

    expect(await send(at(first - 1))).toEqual({ sent: 0, failed: 0 }); // not due yet
    expect(await send(at(first))).toEqual({ sent: 0, failed: 1 });
    [delivery] = await deliveries(id);
    const second = new Date(delivery!.nextAttemptAt!).getTime() - T0.getTime() - first;
    expect(second).toBe(retryDelayMs(2, () => 0.5));
    expect(second).toBeGreaterThan(3 * first);

    expect(await send(at(first + second))).toEqual({ sent: 1, failed: 0 });
    [delivery] = await deliveries(id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null });
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    const sent = receivedAt('/flaky');
    expect(sent.map((r) => r.headers['webhook-id'])).toEqual([e.id, e.id, e.id]);
    expect(new Set(sent.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    expect(warnings.some((w) => w.message.includes('will retry'))).toBe(true);
  });

  it('gives up after the last attempt; the schedule spans about a day', async () => {
    const { id } = await subscribe({ url: listener.url('/down'), events: ['*'] });
    await fanOut(event());
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await send(at(attempt * 86_400_000), { maxAttempts: 3 })).toEqual({ sent: 0, failed: 1 });
    }
    expect(await send(at(10 * 86_400_000), { maxAttempts: 3 })).toEqual({ sent: 0, failed: 0 });
    const [delivery] = await deliveries(id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect(delivery!.log[2]!.nextAttemptAt).toBeNull();
    const failed = await t().request({
      method: 'GET',
      url: `/api/v1/webhooks/${id}/deliveries?status=failed`,
    });
    expect(failed.json().items).toHaveLength(1);

    let total = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) total += retryDelayMs(attempt, () => 0.5);
    expect(total / 3_600_000).toBeGreaterThan(18);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it('does not follow a redirect: it is a failed attempt', async () => {
    const { id } = await subscribe({ url: listener.url('/redirect'), events: ['*'] });
    await fanOut(event());
    expect(await send(at(0))).toEqual({ sent: 0, failed: 1 });
    expect(receivedAt('/target')).toHaveLength(0);
    const [delivery] = await deliveries(id);
    expect(delivery!.log[0]).toMatchObject({
      statusCode: 302,
      error: expect.stringMatching(/redirect to .* not followed/),
    });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const { id } = await subscribe({ url: listener.url('/slow'), events: ['*'] });
    await fanOut(event());
    expect(await send(at(0), { timeoutMs: 300 })).toEqual({ sent: 0, failed: 1 });
    const [delivery] = await deliveries(id);
    expect(delivery!.log[0]).toMatchObject({ statusCode: null, error: 'no response within 300 ms' });
  });

  it('connects to the address it checked, and checks DNS again at send (rebinding)', async () => {
    // hooks.test exists only in the test resolver: a delivery reaching the listener went to the checked address.
    await subscribe({ url: `http://hooks.test:${listener.port}/pinned`, events: ['*'] });
    rebindTo = '93.184.215.14';
    const rebound = await subscribe({ url: `http://rebind.test:${listener.port}/rebound`, events: ['*'] });
    rebindTo = '169.254.169.254';
    await fanOut(event());
    expect(await send(at(0))).toEqual({ sent: 1, failed: 1 });
    expect(receivedAt('/pinned')[0]!.headers.host).toBe(`hooks.test:${listener.port}`);
    expect(receivedAt('/rebound')).toHaveLength(0);
    const [delivery] = await deliveries(rebound.id);
    expect(delivery!.log[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/rebind\.test resolves to a refused address: 169\.254\.169\.254/),
    });
  });

  it('resends after the lease when a sender died between claiming and recording (same webhook-id)', async () => {
    const { id } = await subscribe({ url: listener.url('/crash'), events: ['*'] });
    const e = event();
    await fanOut(e);
    // A sender claims (and may have sent), then the process dies before recording anything.
    expect(await claimDueDeliveries(t().database.db, at(0), at(30_000), 10)).toHaveLength(1);
    expect(await send(at(29_999))).toEqual({ sent: 0, failed: 0 });
    expect(await send(at(30_000))).toEqual({ sent: 1, failed: 0 });
    expect(receivedAt('/crash').map((r) => r.headers['webhook-id'])).toEqual([e.id]);
    const [delivery] = await deliveries(id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(delivery!.log.map((a) => a.attempt)).toEqual([2]);
  });

  it('prunes settled deliveries older than the retention, never pending ones', async () => {
    const ok = await subscribe({ url: listener.url('/kept'), events: ['*'] });
    const down = await subscribe({ url: listener.url('/down'), events: ['*'] });
    await fanOut(event());
    expect(await send(at(0))).toEqual({ sent: 1, failed: 1 });
    // createdAt is the database's clock: prune as of a moment after now.
    const later = new Date(Date.now() + 60_000);
    expect(await pruneWebhookDeliveries(t().database.db, later)).toBe(1);
    expect(await deliveries(ok.id)).toEqual([]);
    expect((await deliveries(down.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('sends a failed delivery again on request, audited, and 404s what does not exist', async () => {
    const { id } = await subscribe({ url: listener.url('/fixed-later'), events: ['*'] });
    await fanOut(event());
    expect(await send(at(0), { maxAttempts: 1 })).toEqual({ sent: 0, failed: 1 });
    const [failed] = await deliveries(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    receiverFixed = true;
    const retry = (deliveryId: string, webhook = id) =>
      t().request({ method: 'POST', url: `/api/v1/webhooks/${webhook}/deliveries/${deliveryId}/retry` });
    const res = await retry(failed!.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pending', attempts: 1 });
    // Due at once by the app's clock (the real one here).
    expect(await send(new Date(Date.now() + 1_000), { maxAttempts: 1 })).toEqual({ sent: 1, failed: 0 });
    const [delivered] = await deliveries(id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(delivered!.log.map((a) => a.statusCode)).toEqual([503, 200]);
    const audit = await t().request({
      method: 'GET',
      url: `/api/v1/audit?resourceType=webhook&resourceKey=${id}`,
    });
    expect(audit.json().items[0]).toMatchObject({ action: 'webhook.redelivered' });

    expect((await retry('999999')).statusCode).toBe(404);
    expect((await retry(failed!.id, 'wh_other')).statusCode).toBe(404);
    expect((await retry('abc')).statusCode).toBe(400);
  });
});
