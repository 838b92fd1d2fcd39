import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('flag versions, restore and audit (%s)', (driver) => {
  const t = useTestApp(driver);

  it('numbers every change and restores an earlier version as a new one, salt untouched', async () => {
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('versioned', { description: 'v1' }),
    });
    const salt = created.json().salt;
    await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/versioned',
      headers: { 'if-match': '"1"' },
      payload: { description: 'v2', environments: { production: { enabled: true } } },
    });
    await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/versioned',
      headers: { 'if-match': '"2"' },
      payload: { description: 'v3' },
    });
    const history = await t().request({ method: 'GET', url: '/api/v1/flags/versioned/versions' });
    expect(history.json().items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(history.json().items[2]).toMatchObject({ actor: 'bootstrap-admin', flag: { description: 'v1' } });
    const one = await t().request({ method: 'GET', url: '/api/v1/flags/versioned/versions/2' });
    expect(one.json().flag.environments.production.enabled).toBe(true);

    const stale = await t().request({
      method: 'POST',
      url: '/api/v1/flags/versioned/versions/1/restore',
      headers: { 'if-match': '"2"' },
    });
    expect(stale.statusCode).toBe(412);
    const restored = await t().request({
      method: 'POST',
      url: '/api/v1/flags/versioned/versions/1/restore',
      headers: { 'if-match': '"3"' },
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ version: 4, description: 'v1', salt });
    expect(restored.json().environments.production.enabled).toBe(false);
    const missing = await t().request({
      method: 'POST',
      url: '/api/v1/flags/versioned/versions/99/restore',
      headers: { 'if-match': '"4"' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses to restore a version naming a segment that is gone', async () => {
    await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'temp_seg', included: ['a'] },
    });
    await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('seg_user', {
        environments: {
          staging: {
            rules: [{ conditions: [{ op: 'segment', segments: ['temp_seg'] }], serve: { variant: 'on' } }],
          },
        },
      }),
    });
    await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/seg_user/environments/staging',
      headers: { 'if-match': '"1"' },
      payload: { rules: [] },
    });
    expect((await t().request({ method: 'DELETE', url: '/api/v1/segments/temp_seg' })).statusCode).toBe(204);
    const res = await t().request({
      method: 'POST',
      url: '/api/v1/flags/seg_user/versions/1/restore',
      headers: { 'if-match': '"2"' },
    });
    expect(res.statusCode).toBe(400);
    expect((await t().request({ method: 'GET', url: '/api/v1/flags/seg_user' })).json().version).toBe(2);
  });

  it('audits who, what, when, before and after; filterable by flag, actor and time', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const cred = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'admin', name: 'alice' },
    });
    const alice = { authorization: `Bearer ${cred.json().token}` };
    await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      headers: alice,
      payload: releaseFlag('audited'),
    });
    await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/audited',
      headers: { ...alice, 'if-match': '"1"' },
      payload: { description: 'changed' },
    });
    const log = await t().request({
      method: 'GET',
      url: `/api/v1/audit?flag=audited&from=${encodeURIComponent(start)}`,
    });
    expect(log.statusCode).toBe(200);
    const items = log.json().items;
    expect(items.map((i: { action: string }) => i.action)).toEqual(['flag.updated', 'flag.created']);
    expect(items[0]).toMatchObject({ actor: 'alice', resourceType: 'flag', resourceKey: 'audited' });
    expect(items[0].before.description).toBe('');
    expect(items[0].after.description).toBe('changed');
    expect(items[1].before).toBeNull();
    const byActor = await t().request({ method: 'GET', url: '/api/v1/audit?actor=alice' });
    expect(byActor.json().items).toHaveLength(2);
    const future = await t().request({
      method: 'GET',
      url: `/api/v1/audit?actor=alice&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    });
    expect(future.json().items).toHaveLength(0);
    const page = await t().request({ method: 'GET', url: '/api/v1/audit?actor=alice&limit=1' });
    const next = await t().request({
      method: 'GET',
      url: `/api/v1/audit?actor=alice&limit=1&cursor=${page.json().nextCursor}`,
    });
    expect(next.json().items[0].action).toBe('flag.created');
  });

  it('has no route that edits or deletes the audit log, and the table refuses it', async () => {
    for (const method of ['DELETE', 'PATCH', 'PUT', 'POST'] as const) {
      const res = await t().request({ method, url: '/api/v1/audit', payload: {} });
      expect(res.statusCode).toBe(404);
    }
    for (const statement of [sql`delete from audit_log`, sql`update audit_log set actor = 'mallory'`]) {
      const error = await t()
        .database.db.execute(statement)
        .then(() => undefined)
        .catch((e: Error) => e);
      expect(String((error as Error & { cause?: Error })?.cause?.message)).toMatch(/append-only/);
    }
  });
});
