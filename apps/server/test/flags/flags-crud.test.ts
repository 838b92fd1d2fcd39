import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('flags CRUD (%s)', (driver) => {
  const t = useTestApp(driver);

  it('creates a flag disabled everywhere, with a salt, and reads it back with an ETag', async () => {
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('new_checkout_flow'),
    });
    expect(created.statusCode).toBe(201);
    const flag = created.json();
    expect(flag).toMatchObject({
      key: 'new_checkout_flow',
      type: 'release',
      version: 1,
      state: 'active',
      archived: false,
    });
    expect(flag.salt).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Object.keys(flag.environments).sort()).toEqual(['development', 'production', 'staging']);
    expect(flag.environments.production).toMatchObject({ enabled: false, offVariant: 'off', rules: [] });
    const read = await t().request({ method: 'GET', url: '/api/v1/flags/new_checkout_flow' });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    // A read adds the lifecycle stage per environment: a new flag is `created` everywhere.
    const { lifecycle, ...rest } = read.json() as Record<string, unknown>;
    expect(rest).toEqual(flag);
    expect(lifecycle).toEqual({
      development: { stage: 'created', since: flag.createdAt },
      staging: { stage: 'created', since: flag.createdAt },
      production: { stage: 'created', since: flag.createdAt },
    });
  });

  it('refuses a duplicate key with 409', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('dup') });
    const again = await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('dup') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_EXISTS');
  });

  it('updates with If-Match, refuses a stale one with 412 and a missing one with 428', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('etags') });
    const missing = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/etags',
      payload: { description: 'x' },
    });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('PRECONDITION_REQUIRED');
    const ok = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/etags',
      headers: { 'if-match': '"1"' },
      payload: { description: 'first' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/etags',
      headers: { 'if-match': '"1"' },
      payload: { description: 'second' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
    const read = await t().request({ method: 'GET', url: '/api/v1/flags/etags' });
    expect(read.json().description).toBe('first');
  });

  it('sets rules, rollout and the kill switch per environment', async () => {
    await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'internal_users', included: ['u1'] },
    });
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('rollout') });
    const res = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/rollout/environments/production',
      headers: { 'if-match': '"1"' },
      payload: {
        enabled: true,
        rules: [{ conditions: [{ op: 'segment', segments: ['internal_users'] }], serve: { variant: 'on' } }],
        fallthrough: { variant: 'on', percentage: 10 },
      },
    });
    expect(res.statusCode).toBe(200);
    const prod = res.json().environments.production;
    expect(prod.enabled).toBe(true);
    expect(prod.rules[0].id).toMatch(/^r_/);
    expect(prod.fallthrough).toEqual({ variant: 'on', percentage: 10 });
    expect(res.json().environments.staging.enabled).toBe(false);
  });

  it('keeps the key immutable', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('immutable') });
    const res = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/immutable',
      headers: { 'if-match': '"1"' },
      payload: { key: 'other' },
    });
    expect(res.statusCode).toBe(400);
    const salt = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/immutable',
      headers: { 'if-match': '"1"' },
      payload: { salt: 'abc' },
    });
    expect(salt.statusCode).toBe(400);
  });

  it('lists with filters and pagination', async () => {
    for (const key of ['list_a', 'list_b', 'list_c']) {
      await t().request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, { tags: ['listing'] }),
      });
    }
    await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: { key: 'list_ops', type: 'ops', tags: ['listing'] },
    });
    const first = await t().request({ method: 'GET', url: '/api/v1/flags?tag=listing&type=release&limit=2' });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((f: { key: string }) => f.key)).toEqual(['list_a', 'list_b']);
    const second = await t().request({
      method: 'GET',
      url: `/api/v1/flags?tag=listing&type=release&limit=2&cursor=${first.json().nextCursor}`,
    });
    expect(second.json().items.map((f: { key: string }) => f.key)).toEqual(['list_c']);
    expect(second.json().nextCursor).toBeNull();
    const ops = await t().request({ method: 'GET', url: '/api/v1/flags?tag=listing&owner=checkout-team' });
    expect(ops.json().items).toHaveLength(3);
  });

  it('archives and unarchives, visible in the lifecycle state filter', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('to_archive') });
    const archived = await t().request({
      method: 'POST',
      url: '/api/v1/flags/to_archive/archive',
      headers: { 'if-match': '"1"' },
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true, state: 'archived', version: 2 });
    const list = await t().request({ method: 'GET', url: '/api/v1/flags?state=archived' });
    expect(list.json().items.map((f: { key: string }) => f.key)).toContain('to_archive');
    const back = await t().request({
      method: 'POST',
      url: '/api/v1/flags/to_archive/unarchive',
      headers: { 'if-match': '"2"' },
    });
    expect(back.json()).toMatchObject({ archived: false, state: 'active', version: 3 });
  });

  it('answers 404 with the error body for a missing flag', async () => {
    const res = await t().request({ method: 'GET', url: '/api/v1/flags/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Flag nope not found' } });
  });
});
