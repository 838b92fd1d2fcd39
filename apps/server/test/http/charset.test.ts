import { describe, expect, it } from 'vitest';
import { createKey } from '../delivery/delivery-fixtures.ts';
import { storedCounts } from '../metrics/stored-counts.ts';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const REFUSED = [
  'application/json; charset=utf-16',
  'application/json; charset=UTF-16LE',
  'application/json; charset=latin1',
  'application/json;charset="ISO-8859-1"',
  'application/json; charset=us-ascii',
  'application/json; charset=',
  'application/json; charset=utf-8; charset=utf-16',
];
const ACCEPTED = [
  'application/json; charset=UTF-8',
  'application/json;charset="utf-8"',
  'application/json; charset=utf8',
];

interface Operation {
  method: string;
  path: string;
}

describe.each(drivers())('request charsets (%s)', (driver) => {
  const t = useTestApp(driver);

  /**
   * Every route that may be sent a body, from the OpenAPI document: a route added later is covered
   * without a test edit. Routes that take none (archive, restore, revoke) still parse one if it comes.
   */
  async function routesWithBodies(): Promise<Operation[]> {
    const doc = (await t().app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (['post', 'put', 'patch', 'delete'].includes(method)) {
          operations.push({ method: method.toUpperCase(), path });
        }
      }
    }
    return operations;
  }

  it('refuses a charset other than UTF-8 with 415 on every route that takes a body, and changes nothing', async () => {
    const operations = await routesWithBodies();
    // The flag, segment, environment and credential routes and the SDK metrics intake, at least.
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/flags', 'PATCH /api/v1/flags/{key}', 'POST /api/v1/sdk/metrics']),
    );
    expect(operations.length).toBeGreaterThanOrEqual(12);
    const before = (await t().request({ method: 'GET', url: '/api/v1/audit?limit=500' })).json().items.length;
    // The SDK routes refuse an admin token before reading a body: the last test covers them with SDK keys.
    for (const { method, path } of operations.filter((o) => !o.path.startsWith('/api/v1/sdk/'))) {
      const url = path
        .replace('{key}', 'charset_flag')
        .replace('{env}', 'production')
        .replace('{id}', 'cred_0123456789abcdef')
        .replace('{version}', '1');
      for (const type of REFUSED) {
        const response = await t().request({
          method: method as 'POST',
          url,
          headers: { 'content-type': type, 'if-match': '*' },
          // What a well-meaning client would send; the bytes are UTF-8, the label says otherwise.
          payload: JSON.stringify({ key: 'charset_made', name: 'n', kind: 'admin' }),
        });
        expect(response.statusCode, `${method} ${path} ${type}`).toBe(415);
        expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
    }
    const after = (await t().request({ method: 'GET', url: '/api/v1/audit?limit=500' })).json().items.length;
    expect(after).toBe(before);
  });

  it('reads UTF-16 bytes labelled UTF-16 as a refusal, not as garbled UTF-8', async () => {
    const body = Buffer.from(`\ufeff${JSON.stringify(releaseFlag('utf16_flag'))}`, 'utf16le');
    const response = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      headers: { 'content-type': 'application/json; charset=utf-16' },
      payload: body,
    });
    expect(response.statusCode).toBe(415);
    expect((await t().request({ method: 'GET', url: '/api/v1/flags/utf16_flag' })).statusCode).toBe(404);
  });

  it('still takes UTF-8 however it is spelled', async () => {
    for (const [i, type] of ACCEPTED.entries()) {
      const response = await t().request({
        method: 'POST',
        url: '/api/v1/segments',
        headers: { 'content-type': type },
        payload: JSON.stringify({ key: `utf8_${i}` }),
      });
      expect(response.statusCode, type).toBe(201);
    }
  });

  it('refuses other charsets on the SDK metrics intake, as JSON and as a text/plain beacon', async () => {
    const client = await createKey(t(), 'client', 'production');
    const body = JSON.stringify({
      start: new Date(Date.now() - 30_000).toISOString(),
      end: new Date().toISOString(),
      flags: { charset_metric: { on: 1 } },
    });
    for (const type of [
      'text/plain;charset=latin1',
      'TEXT/PLAIN; CHARSET=UTF-16',
      'application/json; charset=latin1',
    ]) {
      const response = await t().app.inject({
        method: 'POST',
        url: `/api/v1/sdk/metrics?key=${encodeURIComponent(client.token)}`,
        headers: { 'content-type': type },
        payload: body,
      });
      expect(response.statusCode, type).toBe(415);
    }
    expect(await storedCounts(t().database.db, 'production', 'charset_metric')).toEqual([]);
    const fine = await t().app.inject({
      method: 'POST',
      url: `/api/v1/sdk/metrics?key=${encodeURIComponent(client.token)}`,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: body,
    });
    expect(fine.statusCode).toBe(202);
  });
});
