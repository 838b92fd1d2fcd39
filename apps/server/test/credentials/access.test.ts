import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('credentials and access (%s)', (driver) => {
  const t = useTestApp(driver);

  async function key(kind: 'admin' | 'server' | 'client', environment?: string) {
    const res = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind, name: `${kind}-${environment ?? 'all'}`, ...(environment ? { environment } : {}) },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; token: string; hint: string };
  }

  const as = (token: string | undefined) => (token === undefined ? {} : { authorization: `Bearer ${token}` });

  it('shows a prefixed token once and never lists it', async () => {
    const made = await key('server', 'production');
    expect(made.token).toMatch(/^fs_server_[A-Za-z0-9_-]{32}$/);
    const list = await t().request({ method: 'GET', url: '/api/v1/credentials' });
    expect(JSON.stringify(list.json())).not.toContain(made.token);
    expect(list.json().items.find((c: { id: string }) => c.id === made.id)).toMatchObject({
      kind: 'server',
      environment: 'production',
      revokedAt: null,
    });
  });

  it('answers 401 without a credential or with an unknown one', async () => {
    for (const headers of [{}, as('fs_admin_nope'), { authorization: 'Basic abc' }]) {
      const res = await t().app.inject({ method: 'GET', url: '/api/v1/flags', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to an SDK key on the management API', async () => {
    const server = await key('server', 'production');
    const client = await key('client', 'production');
    for (const token of [server.token, client.token]) {
      const res = await t().app.inject({ method: 'GET', url: '/api/v1/flags', headers: as(token) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      const write = await t().app.inject({
        method: 'POST',
        url: '/api/v1/flags',
        headers: as(token),
        payload: releaseFlag('sneaky'),
      });
      expect(write.statusCode).toBe(403);
    }
  });

  it("gives SDK keys their own environment's snapshot and a 404 for any other", async () => {
    await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('visible', { environments: { staging: { clientVisible: true } } }),
    });
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('hidden') });
    const server = await key('server', 'staging');
    const client = await key('client', 'staging');
    const full = await t().app.inject({
      method: 'GET',
      url: '/api/v1/environments/staging/snapshot',
      headers: as(server.token),
    });
    expect(full.statusCode).toBe(200);
    const fullKeys = full.json().flags.map((f: { key: string }) => f.key);
    expect(fullKeys).toEqual(expect.arrayContaining(['visible', 'hidden']));
    const pub = await t().app.inject({
      method: 'GET',
      url: '/api/v1/environments/staging/snapshot',
      headers: as(client.token),
    });
    expect(pub.json().flags.map((f: { key: string }) => f.key)).toEqual(['visible']);
    for (const token of [server.token, client.token]) {
      const other = await t().app.inject({
        method: 'GET',
        url: '/api/v1/environments/production/snapshot',
        headers: as(token),
      });
      expect(other.statusCode).toBe(404);
      const missing = await t().app.inject({
        method: 'GET',
        url: '/api/v1/environments/nowhere/snapshot',
        headers: as(token),
      });
      expect(missing.statusCode).toBe(404);
    }
    const notModified = await t().app.inject({
      method: 'GET',
      url: '/api/v1/environments/staging/snapshot',
      headers: { ...as(server.token), 'if-none-match': full.headers.etag as string },
    });
    expect(notModified.statusCode).toBe(304);
  });

  it('decides on the decoded, normalised path: no spelling of a route skips its rule', async () => {
    const client = await key('client', 'development');
    for (const url of [
      '/api/v1/%66lags',
      '/api/v1//flags',
      '/api/v1/flags/',
      '/api/v1/FLAGS',
      '/api/v1/flags/%2e%2e/credentials',
    ]) {
      const anonymous = await t().app.inject({ method: 'GET', url });
      expect([401, 404]).toContain(anonymous.statusCode);
      const sdk = await t().app.inject({ method: 'GET', url, headers: as(client.token) });
      expect([403, 404]).toContain(sdk.statusCode);
    }
    const encoded = await t().app.inject({ method: 'GET', url: '/api/v1/%66lags' });
    expect(encoded.statusCode).toBe(401);
  });

  it('revokes: the token stops working at once', async () => {
    const admin = await key('admin');
    const before = await t().app.inject({ method: 'GET', url: '/api/v1/flags', headers: as(admin.token) });
    expect(before.statusCode).toBe(200);
    const revoked = await t().request({ method: 'DELETE', url: `/api/v1/credentials/${admin.id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t().app.inject({ method: 'GET', url: '/api/v1/flags', headers: as(admin.token) });
    expect(after.statusCode).toBe(401);
  });

  it('requires an environment for SDK keys and refuses one for admin tokens', async () => {
    const noEnv = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'server', name: 'x' },
    });
    expect(noEnv.statusCode).toBe(400);
    const adminEnv = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'admin', name: 'x', environment: 'production' },
    });
    expect(adminEnv.statusCode).toBe(400);
    const badEnv = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'client', name: 'x', environment: 'nowhere' },
    });
    expect(badEnv.statusCode).toBe(400);
  });

  it('serves health, readiness and the OpenAPI document without a credential', async () => {
    expect((await t().app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t().app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const doc = await t().app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/flags', '/api/v1/flags/{key}']),
    );
    expect((await t().app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
