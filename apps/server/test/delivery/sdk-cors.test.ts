import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/credentials/credentials-service.ts';
import { deliveryRoutes } from '../../src/delivery/delivery-routes.ts';
import type { DeliveryService } from '../../src/delivery/delivery-service.ts';
import type { EncodedSnapshot } from '../../src/delivery/encoded-snapshot.ts';
import { registerAuthentication } from '../../src/http/authenticate.ts';
import { registerErrorHandler } from '../../src/http/error-handler.ts';
import { registerJsonBodyParser } from '../../src/http/json-body-parser.ts';
import type { SignalsIntake } from '../../src/metrics/signals-intake.ts';
import type { MetricsReport } from '../../src/metrics/signals-schemas.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { useListeningApp } from './delivery-app.ts';
import { createKey, currentSnapshot } from './delivery-fixtures.ts';
import { openSse } from './sse-client.ts';

const PAGE = 'https://shop.example.com';
const SDK_ROUTES = [
  ['/api/v1/sdk/snapshot', 'GET'],
  ['/api/v1/sdk/stream', 'GET'],
  ['/api/v1/sdk/metrics', 'POST'],
] as const;

describe.each(drivers())('CORS on the SDK routes, any origin by default (%s)', (driver) => {
  const t = useListeningApp(driver, { heartbeatMs: 200 });

  it.each(SDK_ROUTES)('answers the preflight of %s (%s) with what the SDKs send', async (url, method) => {
    const res = await t().app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: PAGE,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization,if-none-match,last-event-id,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBe(method);
    const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'if-none-match', 'last-event-id']),
    );
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThanOrEqual(600);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary ?? '').not.toMatch(/origin/i);
  });

  it('lets a page read the snapshot, its ETag, a 304 and a refusal', async () => {
    const client = await createKey(t(), 'client', 'production');
    await currentSnapshot(t(), client.token, 'production');
    const url = `/api/v1/sdk/snapshot?key=${client.token}`;
    const ok = await t().app.inject({ method: 'GET', url, headers: { origin: PAGE } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(ok.headers['access-control-expose-headers']).toMatch(/\betag\b/i);
    expect(ok.headers.vary).toBe('Accept-Encoding');

    const notModified = await t().app.inject({
      method: 'GET',
      url,
      headers: { origin: PAGE, 'if-none-match': String(ok.headers.etag) },
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers['access-control-allow-origin']).toBe('*');

    // The SDK must be able to tell a final 401 from a network error.
    const refused = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot?key=fs_client_unknown',
      headers: { origin: PAGE },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
  });

  it('sends the CORS headers on the hijacked SSE stream too', async () => {
    const client = await createKey(t(), 'client', 'production');
    const sse = await openSse(`${t().url}/api/v1/sdk/stream?key=${client.token}`, { origin: PAGE });
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('access-control-allow-origin')).toBe('*');
      expect(sse.headers.get('access-control-expose-headers')).toMatch(/etag/i);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await sse.next()).event).toBe('snapshot');
    } finally {
      sse.close();
    }
  });

  it('gives the management API no CORS at all', async () => {
    const preflight = await t().app.inject({
      method: 'OPTIONS',
      url: '/api/v1/flags',
      headers: { origin: PAGE, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const list = await t().request({ method: 'GET', url: '/api/v1/flags', headers: { origin: PAGE } });
    expect(list.statusCode).toBe(200);
    expect(list.headers['access-control-allow-origin']).toBeUndefined();
    // An OPTIONS for an SDK path that does not exist is not answered either.
    const unknown = await t().app.inject({
      method: 'OPTIONS',
      url: '/api/v1/sdk/nope',
      headers: { origin: PAGE, 'access-control-request-method': 'GET' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/**
 * A listed-origins deployment. The SDK routes alone, over a fake delivery and metrics service: what is
 * under test is what they answer to which Origin, not the snapshots.
 */
describe('CORS on the SDK routes with a list of origins', () => {
  const CLIENT_KEY = 'fs_client_listed-origins-test';
  const principal: Principal = { id: 'c1', kind: 'client', name: 'web', environmentKey: 'production' };
  const json = Buffer.from('{"revision":7}');
  const encoded: EncodedSnapshot = {
    revision: 7,
    etag: '"7"',
    json,
    event: Buffer.from(`id: 7\nevent: snapshot\ndata: ${json}\n\n`),
    compressed: async () => ({ gzip: json, brotli: json }),
  };
  const authenticate = async (token: string) => (token === CLIENT_KEY ? principal : undefined);
  const delivery = {
    authenticate,
    snapshot: async () => encoded,
  } as unknown as DeliveryService;
  const recorded: MetricsReport[] = [];
  const metrics = {
    record: async (report: MetricsReport) => recorded.push(report),
  } as unknown as SignalsIntake;
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    registerJsonBodyParser(app);
    registerErrorHandler(app);
    registerAuthentication(app, { authenticate });
    await app.register(deliveryRoutes(delivery, metrics, { corsOrigins: [PAGE, 'http://localhost:5173'] }), {
      prefix: '/api/v1',
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const snapshot = (origin?: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/sdk/snapshot?key=${CLIENT_KEY}`,
      headers: origin ? { origin } : {},
    });

  it('names a listed origin, varies by Origin, and keeps varying by Accept-Encoding', async () => {
    const res = await snapshot(PAGE);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
    expect(res.headers['access-control-expose-headers']).toMatch(/etag/i);
    expect(String(res.headers.vary).split(/,\s*/).sort()).toEqual(['Accept-Encoding', 'Origin']);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/sdk/stream',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET');
    expect(preflight.headers.vary).toBe('Origin');
  });

  it('gives any other origin no CORS headers, so the browser keeps the answer from the page', async () => {
    for (const origin of ['https://evil.example.com', 'https://shop.example.com.evil.example', 'null']) {
      const res = await snapshot(origin);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-expose-headers']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/sdk/snapshot',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    }
    // Servers send no Origin: unaffected.
    expect((await snapshot()).statusCode).toBe(200);
  });

  it('refuses metrics from another origin (a simple request is sent even when its answer is hidden)', async () => {
    const report = { start: new Date(Date.now() - 1000).toISOString(), end: new Date().toISOString() };
    const post = (origin?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/sdk/metrics?key=${CLIENT_KEY}`,
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...(origin ? { origin } : {}) },
        payload: JSON.stringify({ ...report, flags: { f: { on: 1 } } }),
      });
    const refused = await post('https://evil.example.com');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(recorded).toHaveLength(0);
    expect((await post(PAGE)).statusCode).toBe(202);
    expect((await post()).statusCode).toBe(202);
    expect(recorded).toHaveLength(2);
  });
});

describe('FLAGSTAFF_SDK_CORS_ORIGINS reaches the SDK routes of the app', () => {
  const t = useTestApp('embedded', { sdkCorsOrigins: ['https://shop.example.com'] });

  it('answers the listed origin and nobody else', async () => {
    const preflight = (origin: string) =>
      t().app.inject({
        method: 'OPTIONS',
        url: '/api/v1/sdk/snapshot',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const listed = await preflight('https://shop.example.com');
    expect(listed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const other = await preflight('https://elsewhere.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
