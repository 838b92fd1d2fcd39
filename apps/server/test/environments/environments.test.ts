import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('environments and explain (%s)', (driver) => {
  const t = useTestApp(driver);

  it('starts with development, staging and production', async () => {
    const res = await t().request({ method: 'GET', url: '/api/v1/environments' });
    expect(res.json().items.map((e: { key: string }) => e.key)).toEqual([
      'development',
      'staging',
      'production',
    ]);
  });

  it('adds an environment where every existing flag starts disabled', async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('before_qa') });
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/environments',
      payload: { key: 'qa', name: 'QA' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'qa', name: 'QA' });
    const dup = await t().request({ method: 'POST', url: '/api/v1/environments', payload: { key: 'qa' } });
    expect(dup.statusCode).toBe(409);
    const flag = await t().request({ method: 'GET', url: '/api/v1/flags/before_qa' });
    expect(flag.json().environments.qa).toMatchObject({ enabled: false, offVariant: 'off' });
    const enable = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/before_qa/environments/qa',
      headers: { 'if-match': '"1"' },
      payload: { enabled: true, fallthrough: { variant: 'on' } },
    });
    expect(enable.statusCode).toBe(200);
  });

  it('bumps the environment revision on every change', async () => {
    const before = (await t().request({ method: 'GET', url: '/api/v1/environments/staging' })).json()
      .revision;
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('bumper') });
    const after = (await t().request({ method: 'GET', url: '/api/v1/environments/staging' })).json().revision;
    expect(after).toBeGreaterThan(before);
  });

  it('explains the reason, matched rule and bucket', async () => {
    await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'internal_users', included: ['alice'] },
    });
    await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('explained', {
        environments: {
          production: {
            enabled: true,
            rules: [
              {
                id: 'internal',
                conditions: [{ op: 'segment', segments: ['internal_users'] }],
                serve: { variant: 'on' },
              },
            ],
            fallthrough: { variant: 'on', percentage: 10 },
          },
        },
      }),
    });
    const explain = (context: Record<string, unknown>, environment = 'production') =>
      t().request({
        method: 'POST',
        url: '/api/v1/flags/explained/explain',
        payload: { environment, context },
      });
    const alice = await explain({ userId: 'alice' });
    expect(alice.statusCode).toBe(200);
    expect(alice.json()).toMatchObject({
      flag: 'explained',
      environment: 'production',
      evaluation: { value: true, variant: 'on', reason: 'RULE_MATCH', ruleId: 'internal', ruleIndex: 0 },
      matchedRule: { id: 'internal' },
    });
    const bob = await explain({ userId: 'bob' });
    const evaluation = bob.json().evaluation;
    expect(['ROLLOUT', 'DEFAULT']).toContain(evaluation.reason);
    expect(evaluation.bucket).toBeGreaterThanOrEqual(0);
    expect(evaluation.value).toBe(evaluation.bucket < 10_000);
    const disabled = await explain({ userId: 'alice' }, 'staging');
    expect(disabled.json().evaluation).toMatchObject({ reason: 'DISABLED', value: false });
    expect((await explain({ userId: 'x' }, 'nowhere')).statusCode).toBe(404);
  });
});
