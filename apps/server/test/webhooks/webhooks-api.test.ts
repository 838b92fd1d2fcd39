import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { EVENT_TYPES } from '../../src/webhooks/domain-event.ts';
import { webhookView, webhookWithSecretView } from '../../src/webhooks/webhook-schemas.ts';
import type { Resolver } from '../../src/webhooks/webhook-url-guard.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { type Listener, startListener } from './webhook-listener.ts';

const resolver: Resolver = async (host) =>
  host === 'metadata.attacker.example'
    ? [{ address: '169.254.169.254', family: 4 }]
    : host === 'hooks.example'
      ? [{ address: '93.184.215.14', family: 4 }]
      : [];

describe.each(drivers())('webhook subscriptions API (%s)', (driver) => {
  const t = useTestApp(driver, {
    webhookAllow: loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' }).webhookAllow,
    webhookResolver: resolver,
  });
  let listener: Listener;
  beforeAll(async () => {
    listener = await startListener();
  });
  afterAll(() => listener.close());

  async function create(payload: Record<string, unknown>) {
    return t().request({ method: 'POST', url: '/api/v1/webhooks', payload });
  }

  it('creates a subscription, shows the secret once, never again', async () => {
    const created = await create({
      url: listener.url(),
      events: ['rollout.*', 'flag.expired'],
      environments: ['production'],
      description: 'rollouts to #releases',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      url: listener.url(),
      events: ['rollout.*', 'flag.expired'],
      environments: ['production'],
      format: 'json',
      enabled: true,
      version: 1,
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.headers.etag).toBe('"1"');
    expect(webhookWithSecretView.strict().safeParse(body).success).toBe(true);

    const read = await t().request({ method: 'GET', url: `/api/v1/webhooks/${body.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty('secret');
    // The documented response, exactly: nothing more (no secret) and nothing less.
    expect(webhookView.strict().safeParse(read.json()).success).toBe(true);
    expect(read.body).not.toContain(body.secret);
    const list = await t().request({ method: 'GET', url: '/api/v1/webhooks' });
    expect(list.json().items.map((w: { id: string }) => w.id)).toContain(body.id);
    expect(list.body).not.toContain(body.secret);

    const audit = await t().request({ method: 'GET', url: '/api/v1/audit?resourceType=webhook' });
    expect(audit.statusCode).toBe(200);
    const record = audit.json().items.find((r: { resourceKey: string }) => r.resourceKey === body.id);
    expect(record).toMatchObject({ action: 'webhook.created', actor: expect.any(String) });
    expect(audit.body).not.toContain(body.secret);
  });

  it('keeps a given secret, and updates with If-Match (428 without, 412 when stale)', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = (
      await create({ url: listener.url('/given'), secret, events: ['*'], format: 'slack' })
    ).json();
    expect(created.secret).toBe(secret);
    const url = `/api/v1/webhooks/${created.id}`;
    expect((await t().request({ method: 'PATCH', url, payload: { enabled: false } })).statusCode).toBe(428);
    const updated = await t().request({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { enabled: false, events: ['flag.*'] },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ enabled: false, events: ['flag.*'], version: 2, format: 'slack' });
    expect(updated.json()).not.toHaveProperty('secret');
    const stale = await t().request({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { enabled: true },
    });
    expect(stale.statusCode).toBe(412);

    const rotated = await t().request({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"2"' },
      payload: { rotateSecret: true },
    });
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(secret);
    const audit = await t().request({ method: 'GET', url: `/api/v1/audit?resourceType=webhook` });
    const rotation = audit
      .json()
      .items.find(
        (r: { resourceKey: string; after: { version?: number } | null }) =>
          r.resourceKey === created.id && r.after?.version === 3,
      );
    expect(rotation).toMatchObject({ action: 'webhook.updated', after: { secretChanged: true } });
    expect(audit.body).not.toContain(rotated.json().secret);

    expect((await t().request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).statusCode).toBe(
      412,
    );
    expect((await t().request({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await t().request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t().request({ method: 'GET', url: `${url}/deliveries` })).statusCode).toBe(404);
  });

  it.each([
    ['a loopback address not allowed', { url: 'http://127.0.0.2/hook', events: ['*'] }, /loopback/],
    ['the metadata service', { url: 'http://169.254.169.254/latest', events: ['*'] }, /linkLocal/],
    [
      'a name resolving to it',
      { url: 'https://metadata.attacker.example/', events: ['*'] },
      /resolves to a refused/,
    ],
    [
      'decimal 127.0.0.2 (only 127.0.0.1 is allowed)',
      { url: 'http://2130706434/', events: ['*'] },
      /127\.0\.0\.2 is in the loopback/,
    ],
    ['credentials in the URL', { url: 'https://u:p@hooks.example/', events: ['*'] }, /credentials/],
    ['a name that does not resolve', { url: 'https://nowhere.example/', events: ['*'] }, /does not resolve/],
  ])('refuses %s with a 400 on url', async (_, payload, message) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({
      path: ['url'],
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ['no events', { url: 'https://hooks.example/', events: [] }],
    ['an unknown event', { url: 'https://hooks.example/', events: ['rollout.exploded'] }],
    ['an unknown family', { url: 'https://hooks.example/', events: ['deploy.*'] }],
    ['an unknown format', { url: 'https://hooks.example/', events: ['*'], format: 'xml' }],
    ['a short secret', { url: 'https://hooks.example/', events: ['*'], secret: 'whsec_abc' }],
    ['a secret without prefix', { url: 'https://hooks.example/', events: ['*'], secret: 'x'.repeat(40) }],
    ['an unknown environment', { url: 'https://hooks.example/', events: ['*'], environments: ['moon'] }],
    ['a bad environment key', { url: 'https://hooks.example/', events: ['*'], environments: ['Prod!'] }],
    ['an unknown field', { url: 'https://hooks.example/', events: ['*'], headers: { a: 'b' } }],
    ['no url', { events: ['*'] }],
    ['a url that is not a string', { url: 42, events: ['*'] }],
  ])('refuses %s with a 400 and creates nothing', async (_, payload) => {
    const before = (await t().request({ method: 'GET', url: '/api/v1/webhooks' })).json().items.length;
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect((await t().request({ method: 'GET', url: '/api/v1/webhooks' })).json().items.length).toBe(before);
  });

  it('accepts a public host, and answers 4xx to bad ids, queries and updates', async () => {
    const created = await create({ url: 'https://hooks.example/in', events: ['cleanup.report'] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const bad = [
      await t().request({ method: 'GET', url: '/api/v1/webhooks/wh_missing' }),
      await t().request({ method: 'GET', url: '/api/v1/webhooks/has%20space' }),
      await t().request({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries?limit=0` }),
      await t().request({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries?cursor=abc` }),
      await t().request({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries?status=lost` }),
      await t().request({
        method: 'PATCH',
        url: `/api/v1/webhooks/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { url: 'http://[::1]/' },
      }),
      await t().request({
        method: 'PATCH',
        url: `/api/v1/webhooks/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { rotateSecret: true, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      }),
      await t().request({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: { authorization: 'Bearer nope' },
        payload: { url: 'https://hooks.example/', events: ['*'] },
      }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([404, 400, 400, 400, 400, 400, 400, 401]);
    expect((await t().request({ method: 'GET', url: `/api/v1/webhooks/${id}` })).json()).toMatchObject({
      url: 'https://hooks.example/in',
      version: 1,
    });
  });

  it('never answers 5xx, whatever the body', async () => {
    const patterns = fc.oneof(
      fc.constantFrom(...EVENT_TYPES, 'rollout.*', '*'),
      fc.string({ maxLength: 20 }),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 40 }), fc.integer()),
          events: fc.oneof(fc.array(patterns, { maxLength: 4 }), fc.string()),
          environments: fc.option(
            fc.array(fc.constantFrom('production', 'staging', 'moon', ''), { maxLength: 3 }),
          ),
          format: fc.constantFrom('json', 'slack', 'xml', 1),
          secret: fc.oneof(
            fc.string({ maxLength: 60 }),
            fc.constant('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
          ),
          enabled: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await t().request({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect([201, 400], res.body).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t().app.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
      ]),
    );
  });
});
