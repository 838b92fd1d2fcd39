import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { releaseFlag, startTestApp, type TestApp, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const requires = (flag: string) => ({
  rules: [{ conditions: [{ op: 'flag', flag, variants: ['on'] }], serve: { variant: 'on' } }],
});

function patchEnv(t: TestApp, key: string, env: string, body: object, ifMatch = '*') {
  return t.request({
    method: 'PATCH',
    url: `/api/v1/flags/${key}/environments/${env}`,
    headers: { 'if-match': ifMatch },
    payload: body,
  });
}

async function revisions(t: TestApp): Promise<Record<string, number>> {
  const res = await t.request({ method: 'GET', url: '/api/v1/environments' });
  const list = res.json() as
    | { items?: { key: string; revision: number }[] }
    | { key: string; revision: number }[];
  const items = Array.isArray(list) ? list : (list.items ?? []);
  return Object.fromEntries(items.map((e) => [e.key, e.revision]));
}

describe.each(drivers())('the one flag write path (%s)', (driver) => {
  const t = useTestApp(driver);

  it('never lets two concurrent writes close a prerequisite cycle, across two replicas', async () => {
    const other = await startTestApp(driver, { database: t().database });
    try {
      for (const key of ['cyc_c', 'cyc_d']) {
        expect(
          (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
        ).toBe(201);
      }
      for (let round = 0; round < 15; round++) {
        const [a, b] = await Promise.all([
          patchEnv(t(), 'cyc_c', 'production', requires('cyc_d')),
          patchEnv(other, 'cyc_d', 'production', requires('cyc_c')),
        ]);
        expect([a.statusCode, b.statusCode].sort(), `round ${round}: ${a.body} ${b.body}`).toEqual([
          200, 400,
        ]);
        // Undo whichever won, so the next round races again.
        const winner = a.statusCode === 200 ? 'cyc_c' : 'cyc_d';
        expect((await patchEnv(t(), winner, 'production', { rules: [] })).statusCode).toBe(200);
      }
    } finally {
      await other.app.close();
    }
  });

  it('turns a flag off and archives it even when the rest of it no longer validates', async () => {
    for (const key of ['loop_a', 'loop_b']) {
      expect(
        (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
      ).toBe(201);
      expect((await patchEnv(t(), key, 'production', { enabled: true })).statusCode).toBe(200);
    }
    // A cycle left by an older version (before writes were serialised), written behind the API's back.
    for (const [key, other] of [
      ['loop_a', 'loop_b'],
      ['loop_b', 'loop_a'],
    ] as const) {
      await t().database.db.execute(
        sql`update flag_environments set rules = ${JSON.stringify([{ id: 'r_1', ...requires(other).rules[0] }])}::jsonb where flag_key = ${key}`,
      );
    }
    t().app.services.reads.invalidate();
    const renamed = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/loop_a',
      headers: { 'if-match': '*' },
      payload: { name: 'renamed' },
    });
    expect(renamed.statusCode).toBe(400);
    const off = await patchEnv(t(), 'loop_a', 'production', { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    const archived = await t().request({
      method: 'POST',
      url: '/api/v1/flags/loop_b/archive',
      headers: { 'if-match': '*' },
    });
    expect(archived.statusCode, archived.body).toBe(200);
  });

  it('keeps an archived flag read-only until it is unarchived; turning it off still works', async () => {
    const key = 'frozen_flag';
    expect(
      (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
    ).toBe(201);
    expect((await patchEnv(t(), key, 'staging', { enabled: true })).statusCode).toBe(200);
    const archive = await t().request({
      method: 'POST',
      url: `/api/v1/flags/${key}/archive`,
      headers: { 'if-match': '*' },
    });
    expect(archive.statusCode).toBe(200);
    const edit = await t().request({
      method: 'PATCH',
      url: `/api/v1/flags/${key}`,
      headers: { 'if-match': '*' },
      payload: { description: 'still editing' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ error: { code: 'FLAG_ARCHIVED' } });
    expect((await patchEnv(t(), key, 'staging', { enabled: false })).statusCode).toBe(200);
    const restore = await t().request({
      method: 'POST',
      url: `/api/v1/flags/${key}/versions/1/restore`,
      headers: { 'if-match': '*' },
    });
    expect(restore.statusCode).toBe(409);
    expect(
      (
        await t().request({
          method: 'POST',
          url: `/api/v1/flags/${key}/unarchive`,
          headers: { 'if-match': '*' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await patchEnv(t(), key, 'staging', { enabled: true })).statusCode).toBe(200);
  });

  it('bumps only the revisions of environments whose served configuration changed', async () => {
    const key = 'scoped_flag';
    expect(
      (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
    ).toBe(201);
    const before = await revisions(t());
    expect((await patchEnv(t(), key, 'staging', { enabled: true })).statusCode).toBe(200);
    const afterStaging = await revisions(t());
    expect(afterStaging).toEqual({ ...before, staging: before.staging! + 1 });
    const renamed = await t().request({
      method: 'PATCH',
      url: `/api/v1/flags/${key}`,
      headers: { 'if-match': '*' },
      payload: { name: 'A new name', description: 'nothing served changes' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(await revisions(t())).toEqual(afterStaging);
    const variants = await t().request({
      method: 'PATCH',
      url: `/api/v1/flags/${key}`,
      headers: { 'if-match': '*' },
      payload: {
        variants: [
          { key: 'on', value: true },
          { key: 'off', value: false },
          { key: 'beta', value: true },
        ],
      },
    });
    expect(variants.statusCode, variants.body).toBe(200);
    const afterVariants = await revisions(t());
    for (const env of Object.keys(before)) expect(afterVariants[env]).toBe(afterStaging[env]! + 1);
  });

  it('answers 404 for an unknown environment before the version, and audits the one environment a change touched', async () => {
    const key = 'audited_env_flag';
    expect(
      (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
    ).toBe(201);
    const unknown = await patchEnv(t(), key, 'nowhere', { enabled: true }, '"999"');
    expect(unknown.statusCode).toBe(404);
    const stale = await patchEnv(t(), key, 'production', { enabled: true }, '"999"');
    expect(stale.statusCode).toBe(412);
    expect((await patchEnv(t(), key, 'production', { enabled: true }, '"1"')).statusCode).toBe(200);
    const audit = await t().request({ method: 'GET', url: `/api/v1/audit?flag=${key}` });
    const items = (audit.json() as { items: { action: string; environment: string | null }[] }).items;
    expect(items[0]).toMatchObject({ action: 'flag.updated', environment: 'production' });
    expect(items.at(-1)).toMatchObject({ action: 'flag.created', environment: null });
  });
});
