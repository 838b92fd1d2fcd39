import { describe, expect, it } from 'vitest';
import { storedCounts } from '../metrics/stored-counts.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { createKey } from './delivery-fixtures.ts';

/**
 * What a browser can send on page hide: `navigator.sendBeacon(url, string)` sends a simple request,
 * `Content-Type: text/plain;charset=UTF-8`, no custom header, so the client key rides in `?key=`.
 */
describe.each(drivers())('SDK metrics from browsers (%s)', (driver) => {
  const t = useTestApp(driver);
  const window = () => ({
    start: new Date(Date.now() - 30_000).toISOString(),
    end: new Date().toISOString(),
  });
  const beacon = (key: string, body: string | Buffer, contentType = 'text/plain;charset=UTF-8') =>
    t().app.inject({
      method: 'POST',
      url: `/api/v1/sdk/metrics?key=${encodeURIComponent(key)}`,
      headers: { 'content-type': contentType, origin: 'https://shop.example.com' },
      payload: body,
    });
  const stored = (flag: string) => storedCounts(t().database.db, 'production', flag);

  it('takes a beacon: text/plain JSON with a client key in ?key=, stored as the JSON form is', async () => {
    const client = await createKey(t(), 'client', 'production');
    const res = await beacon(
      client.token,
      JSON.stringify({ ...window(), flags: { beacon_flag: { on: 3, off: 5 } } }),
    );
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const rows = await stored('beacon_flag');
    expect(rows).toEqual([
      { variant: 'off', count: 5 },
      { variant: 'on', count: 3 },
    ]);
    // Plain `text/plain` (a Blob of that type) and JSON with the key in the query work too.
    expect(
      (await beacon(client.token, JSON.stringify({ ...window(), flags: {} }), 'text/plain')).statusCode,
    ).toBe(202);
    const asJson = await t().app.inject({
      method: 'POST',
      url: `/api/v1/sdk/metrics?key=${client.token}`,
      payload: { ...window(), flags: { json_query_flag: { on: 1 } } },
    });
    expect(asJson.statusCode).toBe(202);
    expect(await stored('json_query_flag')).toHaveLength(1);
  });

  it('refuses bad beacons with the same 4xx as JSON, and writes nothing', async () => {
    const client = await createKey(t(), 'client', 'production');
    const server = await createKey(t(), 'server', 'production');
    const good = (flag: string) => JSON.stringify({ ...window(), flags: { [flag]: { on: 1 } } });
    const cases: [string, Promise<{ statusCode: number; json(): unknown }>, number, string][] = [
      ['not JSON', beacon(client.token, 'on=1&off=2'), 400, 'INVALID_JSON'],
      ['empty', beacon(client.token, ''), 400, 'VALIDATION_FAILED'],
      [
        'not UTF-8',
        beacon(
          client.token,
          Buffer.concat([Buffer.from('{"start":"'), Buffer.from([0xff]), Buffer.from('"}')]),
        ),
        400,
        'INVALID_JSON',
      ],
      [
        'a forbidden key',
        beacon(client.token, `{"start":"x","end":"y","flags":{"__proto__":{"on":1}}}`),
        400,
        'INVALID_JSON',
      ],
      [
        'a negative count',
        beacon(client.token, JSON.stringify({ ...window(), flags: { bad_flag: { on: -1 } } })),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown field',
        beacon(client.token, JSON.stringify({ ...window(), flags: {}, extra: true })),
        400,
        'VALIDATION_FAILED',
      ],
      ['a server key in ?key=', beacon(server.token, good('server_query_flag')), 403, 'FORBIDDEN'],
      ['an unknown key', beacon('fs_client_nope', good('unknown_key_flag')), 401, 'UNAUTHENTICATED'],
      ['no key', beacon('', good('no_key_flag')), 401, 'UNAUTHENTICATED'],
      [
        'another media type',
        beacon(client.token, good('form_flag'), 'application/x-www-form-urlencoded'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'too large',
        beacon(client.token, JSON.stringify({ ...window(), flags: {}, pad: 'x'.repeat(300_000) })),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];
    for (const [what, response, status, code] of cases) {
      const res = await response;
      expect(res.statusCode, what).toBe(status);
      expect((res.json() as { error: { code: string } }).error.code, what).toBe(code);
    }
    for (const flag of ['bad_flag', 'server_query_flag', 'unknown_key_flag', 'no_key_flag', 'form_flag']) {
      expect(await stored(flag), flag).toEqual([]);
    }
  });

  it('keeps text/plain off the management API', async () => {
    const res = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ key: 'plain_text_segment', included: ['a'] }),
    });
    expect(res.statusCode).toBe(415);
    expect(
      (await t().request({ method: 'GET', url: '/api/v1/segments/plain_text_segment' })).statusCode,
    ).toBe(404);
  });
});
