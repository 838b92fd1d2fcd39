import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compileSnapshot, evaluate, segmentKeyHash } from '@flagstaff/evaluator';
import { describe, expect, it } from 'vitest';
import { storedCounts } from '../metrics/stored-counts.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import {
  createFlag,
  createKey,
  currentSnapshot,
  environmentRevision,
  patchFlagState,
} from './delivery-fixtures.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(drivers())('SDK snapshot endpoint (%s)', (driver) => {
  const t = useTestApp(driver);

  it('serves the environment with ETag = revision, 304 on a match, 200 again after a change', async () => {
    const server = await createKey(t(), 'server', 'development');
    await createFlag(t(), 'etag_flag');
    const revision = await environmentRevision(t(), 'development');
    const first = await currentSnapshot(t(), server.token, 'development');
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(`"${revision}"`);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.json()).toMatchObject({ environment: 'development', revision });
    expect(first.json().flags.map((f: { key: string }) => f.key)).toContain('etag_flag');

    const same = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { ...bearer(server.token), 'if-none-match': `"${revision}"` },
    });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');

    await patchFlagState(t(), 'etag_flag', 'development', { enabled: true });
    await currentSnapshot(t(), server.token, 'development');
    const after = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { ...bearer(server.token), 'if-none-match': `"${revision}"` },
    });
    expect(after.statusCode).toBe(200);
    expect(after.json().revision).toBeGreaterThan(revision);
    expect(after.json().flags.find((f: { key: string }) => f.key === 'etag_flag').enabled).toBe(true);
  });

  it('answers gzip and brotli per Accept-Encoding, with the same snapshot', async () => {
    const server = await createKey(t(), 'server', 'development');
    const plain = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: bearer(server.token),
    });
    const gz = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { ...bearer(server.token), 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
    const br = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { ...bearer(server.token), 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    expect(br.headers.vary).toMatch(/accept-encoding/i);
  });

  it('gives client keys client-visible flags only, and no segment member keys in clear', async () => {
    const segment = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: {
        key: 'vip_users',
        included: ['alice@example.com', 'bob-secret-id'],
        excluded: ['mallory-777'],
        conditions: [{ op: 'eq', attribute: 'plan', value: 'enterprise' }],
      },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    await createFlag(t(), 'public_banner', {
      environments: {
        staging: {
          clientVisible: true,
          enabled: true,
          rules: [
            { id: 'vip', conditions: [{ op: 'segment', segments: ['vip_users'] }], serve: { variant: 'on' } },
          ],
        },
      },
    });
    await createFlag(t(), 'internal_kill_switch', { environments: { staging: { enabled: true } } });
    const client = await createKey(t(), 'client', 'staging');
    const server = await createKey(t(), 'server', 'staging');

    const pub = await currentSnapshot(t(), client.token, 'staging');
    expect(pub.statusCode).toBe(200);
    const body = pub.json();
    expect(body.flags.map((f: { key: string }) => f.key)).toEqual(['public_banner']);
    for (const secret of ['alice@example.com', 'bob-secret-id', 'mallory-777', 'internal_kill_switch']) {
      expect(pub.body).not.toContain(secret);
    }
    const vip = body.segments.find((s: { key: string }) => s.key === 'vip_users');
    expect(vip.included).toBeUndefined();
    // Keyed with this installation's salt, which the snapshot carries (the SDK hashes its own user).
    expect(vip.salt).toMatch(/^[0-9a-f]{16}\/segment\/vip_users$/);
    expect(vip.includedHashes).toEqual([
      segmentKeyHash(vip.salt, 'alice@example.com'),
      segmentKeyHash(vip.salt, 'bob-secret-id'),
    ]);
    expect(vip.excludedHashes).toEqual([segmentKeyHash(vip.salt, 'mallory-777')]);
    // Condition values are hashed too (client-safe-snapshot.test.ts covers every operator).
    expect(vip.conditions).toEqual([expect.objectContaining({ op: 'in_hashed', attribute: 'plan' })]);
    expect(pub.body).not.toContain('enterprise');

    // A browser evaluating this snapshot still decides membership by the hashed lists.
    const compiled = compileSnapshot(body);
    const served = (context: Record<string, string>) =>
      evaluate(compiled, 'public_banner', context, false, 'boolean').value;
    expect(served({ key: 'alice@example.com' })).toBe(true);
    expect(served({ key: 'mallory-777', plan: 'enterprise' })).toBe(false);
    expect(served({ key: 'carol', plan: 'enterprise' })).toBe(true);
    expect(served({ key: 'dave' })).toBe(false);

    // The same through ?key= (browsers), and the server key still sees everything in clear.
    const byQuery = await t().app.inject({ method: 'GET', url: `/api/v1/sdk/snapshot?key=${client.token}` });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json()).toEqual(body);
    const full = await currentSnapshot(t(), server.token, 'staging');
    expect(full.json().flags.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(['public_banner', 'internal_kill_switch']),
    );
    expect(full.json().segments.find((s: { key: string }) => s.key === 'vip_users').included).toContain(
      'alice@example.com',
    );
  });

  it('answers 401 without a key or with an unknown or revoked one, 403 to admin tokens and server keys in ?key=', async () => {
    const server = await createKey(t(), 'server', 'production');
    const admin = await createKey(t(), 'admin');
    const cases: [Record<string, string>, string, number][] = [
      [{}, '', 401],
      [bearer('fs_server_unknown-key-000000000000000'), '', 401],
      [{ authorization: 'Basic abc' }, '', 401],
      [bearer(admin.token), '', 403],
      [{}, `?key=${server.token}`, 403],
    ];
    for (const [headers, query, status] of cases) {
      for (const path of ['snapshot', 'stream']) {
        const res = await t().app.inject({ method: 'GET', url: `/api/v1/sdk/${path}${query}`, headers });
        expect(res.statusCode, `${path} ${JSON.stringify(headers)} ${query}`).toBe(status);
        expect(res.json().error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    }
    const ok = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: bearer(server.token),
    });
    expect(ok.statusCode).toBe(200);
    await t().request({ method: 'DELETE', url: `/api/v1/credentials/${server.id}` });
    const revoked = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: bearer(server.token),
    });
    expect(revoked.statusCode).toBe(401);
  });

  it('takes evaluation counts (202), stores them, and refuses bad batches with field-level 400s', async () => {
    const server = await createKey(t(), 'server', 'production');
    const start = new Date(Date.now() - 30_000).toISOString();
    const end = new Date().toISOString();
    const ok = await t().app.inject({
      method: 'POST',
      url: '/api/v1/sdk/metrics',
      headers: bearer(server.token),
      payload: { start, end, flags: { new_checkout_flow: { on: 1200, off: 8800 } } },
    });
    expect(ok.statusCode, ok.body).toBe(202);
    // Stored per 10 s bucket as cohort `other`, flag version 0 (a version-1 report carries neither).
    expect(await storedCounts(t().database.db, 'production', 'new_checkout_flow')).toEqual([
      { variant: 'off', count: 8800 },
      { variant: 'on', count: 1200 },
    ]);

    const bad: [unknown, string][] = [
      [{ start, end, flags: { f: { on: -1 } } }, 'flags'],
      [{ start, end, flags: { f: { on: 1.5 } } }, 'flags'],
      [{ start: 'yesterday', end, flags: {} }, 'start'],
      [{ start: end, end: start, flags: {} }, 'end'],
      [{ start, end, flags: { 'bad key!': { on: 1 } } }, 'flags'],
      [{ start, end, flags: {}, extra: 1 }, ''],
    ];
    for (const [payload, field] of bad) {
      const res = await t().app.inject({
        method: 'POST',
        url: '/api/v1/sdk/metrics',
        headers: bearer(server.token),
        payload: payload as Record<string, unknown>,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().error.issues ?? [])).toContain(field);
    }
    // As on the other SDK routes, only client keys may travel as ?key= (see sdk-metrics-intake.test.ts).
    const query = await t().app.inject({
      method: 'POST',
      url: `/api/v1/sdk/metrics?key=${server.token}`,
      payload: { start, end, flags: {} },
    });
    expect(query.statusCode).toBe(403);
  });
});
