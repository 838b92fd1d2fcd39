import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('every error has the one body shape (%s)', (driver) => {
  const t = useTestApp(driver);

  const expectErrorBody = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
  };

  it('reports body issues at their body path and query issues under `querystring`', async () => {
    const body = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: { key: 5, type: 'ops' },
    });
    expect(body.json().error.issues).toEqual([{ path: ['key'], message: expect.any(String) }]);
    const query = await t().request({ method: 'GET', url: '/api/v1/flags?limit=9999' });
    expect(query.json().error.issues[0].path).toEqual(['querystring', 'limit']);
  });

  it('shapes router errors: over-long parameters, broken percent-encoding, unknown routes', async () => {
    expectErrorBody(
      await t().request({ method: 'GET', url: `/api/v1/flags/${'x'.repeat(5000)}` }),
      414,
      'BAD_REQUEST',
    );
    expectErrorBody(await t().request({ method: 'GET', url: '/api/v1/flags/%E0%A4%A' }), 400, 'BAD_REQUEST');
    expectErrorBody(await t().request({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'NOT_FOUND');
    expectErrorBody(await t().request({ method: 'PUT', url: '/api/v1/flags' }), 404, 'NOT_FOUND');
  });

  it('shapes body-size and media-type refusals', async () => {
    expectErrorBody(
      await t().request({
        method: 'POST',
        url: '/api/v1/segments',
        payload: { key: 'big', included: ['x'.repeat(300_000)] },
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectErrorBody(
      await t().request({
        method: 'POST',
        url: '/api/v1/segments',
        headers: { 'content-type': 'text/plain' },
        payload: '{}',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('accepts JSON media types in any case, with parameters and surrounding spaces', async () => {
    for (const [i, type] of [
      'APPLICATION/JSON',
      'application/json; charset=utf-8',
      ' application/json ',
    ].entries()) {
      const res = await t().request({
        method: 'POST',
        url: '/api/v1/segments',
        headers: { 'content-type': type },
        payload: JSON.stringify({ key: `media_${i}` }),
      });
      expect(res.statusCode, type).toBe(201);
    }
  });

  it('takes an empty JSON body on routes without one, and refuses it on routes that need one', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: { key: 'empty_body', type: 'ops' } });
    const archive = await t().request({
      method: 'POST',
      url: '/api/v1/flags/empty_body/archive',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      payload: '',
    });
    expect(archive.statusCode).toBe(200);
    const create = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectErrorBody(create, 400, 'VALIDATION_FAILED');
  });

  it('echoes a request id', async () => {
    const res = await t().request({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-me-123' },
    });
    expect(res.headers['x-request-id']).toBe('trace-me-123');
    const generated = await t().request({ method: 'GET', url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
