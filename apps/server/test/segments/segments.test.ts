import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('segments (%s)', (driver) => {
  const t = useTestApp(driver);

  it('creates, reads, updates with If-Match and lists', async () => {
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: {
        key: 'beta_users',
        name: 'Beta users',
        included: ['u1'],
        conditions: [{ op: 'eq', attribute: 'beta', value: true }],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const noMatch = await t().request({
      method: 'PATCH',
      url: '/api/v1/segments/beta_users',
      payload: { included: ['u2'] },
    });
    expect(noMatch.statusCode).toBe(428);
    const updated = await t().request({
      method: 'PATCH',
      url: '/api/v1/segments/beta_users',
      headers: { 'if-match': '"1"' },
      payload: { included: ['u1', 'u2'] },
    });
    expect(updated.json()).toMatchObject({ version: 2, included: ['u1', 'u2'], name: 'Beta users' });
    const stale = await t().request({
      method: 'PATCH',
      url: '/api/v1/segments/beta_users',
      headers: { 'if-match': '"1"' },
      payload: { included: [] },
    });
    expect(stale.statusCode).toBe(412);
    const list = await t().request({ method: 'GET', url: '/api/v1/segments' });
    expect(list.json().items.map((s: { key: string }) => s.key)).toContain('beta_users');
  });

  it('refuses segment and prerequisite conditions inside a segment', async () => {
    const res = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'nested', conditions: [{ op: 'segment', segments: ['beta_users'] }] },
    });
    expect(res.statusCode).toBe(400);
  });

  it('refuses to delete a segment in use, naming the flags', async () => {
    await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'internal_users', included: ['me'] },
    });
    for (const key of ['uses_a', 'uses_b']) {
      await t().request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, {
          environments: {
            staging: {
              rules: [
                { conditions: [{ op: 'segment', segments: ['internal_users'] }], serve: { variant: 'on' } },
              ],
            },
          },
        }),
      });
    }
    const refused = await t().request({ method: 'DELETE', url: '/api/v1/segments/internal_users' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'SEGMENT_IN_USE', flags: ['uses_a', 'uses_b'] });
    expect(refused.json().error.message).toContain('uses_a, uses_b');
    expect((await t().request({ method: 'GET', url: '/api/v1/segments/internal_users' })).statusCode).toBe(
      200,
    );
  });

  it('deletes an unused segment, then 404s it', async () => {
    await t().request({ method: 'POST', url: '/api/v1/segments', payload: { key: 'unused' } });
    expect((await t().request({ method: 'DELETE', url: '/api/v1/segments/unused' })).statusCode).toBe(204);
    expect((await t().request({ method: 'GET', url: '/api/v1/segments/unused' })).statusCode).toBe(404);
    expect((await t().request({ method: 'DELETE', url: '/api/v1/segments/unused' })).statusCode).toBe(404);
  });
});
