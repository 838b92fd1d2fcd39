import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe.each(drivers())('flag type policy (%s)', (driver) => {
  const t = useTestApp(driver, { maxLifetimeDays: { release: 60, experiment: 120 } });
  const create = (payload: Record<string, unknown>) =>
    t().request({ method: 'POST', url: '/api/v1/flags', payload });
  const paths = (res: { json(): unknown }) =>
    (res.json() as { error: { issues: { path: (string | number)[] }[] } }).error.issues.map((i) =>
      i.path.join('.'),
    );

  it.each(['release', 'experiment'])('requires an owner and an expiry for %s flags', async (type) => {
    const res = await create({ key: `no_owner_${type}`, type });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(paths(res).sort()).toEqual(['expiresAt', 'owner']);
  });

  it('enforces the maximum lifetime per type (configurable)', async () => {
    expect(
      (await create({ key: 'too_long', type: 'release', owner: 'a', expiresAt: inDays(61) })).statusCode,
    ).toBe(400);
    expect(
      (await create({ key: 'ok_release', type: 'release', owner: 'a', expiresAt: inDays(59) })).statusCode,
    ).toBe(201);
    expect(
      (await create({ key: 'ok_experiment', type: 'experiment', owner: 'a', expiresAt: inDays(119) }))
        .statusCode,
    ).toBe(201);
  });

  it('refuses an expiry in the past', async () => {
    const res = await create({ key: 'past', type: 'release', owner: 'a', expiresAt: inDays(-1) });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toContain('expiresAt');
  });

  it.each(['ops', 'permission'])('lets %s flags be permanent', async (type) => {
    expect((await create({ key: `permanent_${type}`, type })).statusCode).toBe(201);
  });

  it('keeps permission flags off random percentages, in rules and the fallthrough', async () => {
    const res = await create({
      key: 'perm_pct',
      type: 'permission',
      environments: {
        production: {
          rules: [
            {
              conditions: [{ op: 'eq', attribute: 'plan', value: 'pro' }],
              serve: { variant: 'on', percentage: 50 },
            },
          ],
          fallthrough: {
            split: [
              { variant: 'on', weight: 50 },
              { variant: 'off', weight: 50 },
            ],
          },
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'environments.production.rules.0.serve',
        'environments.production.fallthrough',
      ]),
    );
    const targeted = await create({
      key: 'perm_ok',
      type: 'permission',
      environments: {
        production: {
          rules: [
            { conditions: [{ op: 'in', attribute: 'userId', values: ['u1'] }], serve: { variant: 'on' } },
          ],
        },
      },
    });
    expect(targeted.statusCode).toBe(201);
  });

  it('applies the policy on update too: a release flag cannot drop its owner', async () => {
    await create(releaseFlag('drop_owner'));
    const res = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/drop_owner',
      headers: { 'if-match': '"1"' },
      payload: { owner: null },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['owner']);
  });

  it('validates keys', async () => {
    for (const key of ['', 'has space', '-leading', 'x'.repeat(129), 'ünïcode', 'a/b']) {
      const res = await create({ key, type: 'ops' });
      expect(res.statusCode, key).toBe(400);
    }
  });

  it('reports the evaluator’s semantic problems with API paths', async () => {
    const res = await create({
      key: 'bad_refs',
      type: 'ops',
      environments: {
        staging: {
          offVariant: 'missing',
          rules: [{ conditions: [{ op: 'segment', segments: ['nobody'] }], serve: { variant: 'on' } }],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    const p = paths(res);
    expect(p).toContain('environments.staging.offVariant');
    expect(p.some((x) => x.startsWith('environments.staging.rules.0.conditions.0'))).toBe(true);
  });
});
