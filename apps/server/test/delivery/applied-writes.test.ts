import type { Snapshot } from '@flagstaff/evaluator';
import { describe, expect, it } from 'vitest';
import { createSnapshotService } from '../../src/environments/snapshot-service.ts';
import type { TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { useListeningApp } from './delivery-app.ts';
import { createFlag, createKey, environmentRevision, patchFlagState } from './delivery-fixtures.ts';

const ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** The snapshot an SDK key is served (delivery's in-memory copy) once it reached `revision`. */
async function served(t: TestApp, token: string, revision: number): Promise<Snapshot> {
  for (let i = 0; i < 200; i += 1) {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { authorization: `Bearer ${token}` },
    });
    const snapshot = res.json() as Snapshot;
    if (snapshot.revision >= revision) return snapshot;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the served snapshot never reached revision ${revision}`);
}

async function write(t: TestApp, method: 'POST' | 'PATCH', url: string, payload?: unknown) {
  const key = url.split('/')[4]!;
  const resource = url.split('/')[3]!;
  const current = await t.request({ method: 'GET', url: `/api/v1/${resource}/${key}` });
  const res = await t.request({
    method,
    url,
    headers: { 'if-match': current.headers.etag as string },
    ...(payload === undefined ? {} : { payload }),
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe.each(drivers())('delivery applies each write to its held snapshots (%s)', (driver) => {
  const t = useListeningApp(driver);

  it('serves, after every kind of write, exactly what a fresh read of Postgres gives', async () => {
    const keys = Object.fromEntries(
      await Promise.all(
        ENVIRONMENTS.flatMap((env) =>
          (['server', 'client'] as const).map(
            async (kind) => [`${env}:${kind}`, (await createKey(t(), kind, env)).token] as const,
          ),
        ),
      ),
    );
    const fresh = createSnapshotService(t().database.db);
    const segment = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'beta', included: ['ann', 'ben'] },
    });
    expect(segment.statusCode, segment.body).toBe(201);

    const steps: (() => Promise<unknown>)[] = [
      () => createFlag(t(), 'middle'),
      () => createFlag(t(), 'zeta', { environments: { production: { enabled: true, clientVisible: true } } }),
      () => createFlag(t(), 'alpha'),
      () =>
        patchFlagState(t(), 'middle', 'production', {
          enabled: true,
          clientVisible: true,
          rules: [{ conditions: [{ op: 'segment', segments: ['beta'] }], serve: { variant: 'on' } }],
          fallthrough: { variant: 'on', percentage: 12.5 },
        }),
      () => patchFlagState(t(), 'alpha', 'staging', { enabled: true, clientVisible: true }),
      () => write(t(), 'PATCH', '/api/v1/flags/alpha', { description: 'now with a description' }),
      () => write(t(), 'PATCH', '/api/v1/segments/beta', { included: ['ann', 'cat'] }),
      () => write(t(), 'POST', '/api/v1/flags/zeta/archive'),
      () => patchFlagState(t(), 'middle', 'production', { clientVisible: false }),
      () => write(t(), 'POST', '/api/v1/flags/middle/versions/2/restore'),
      () => write(t(), 'POST', '/api/v1/flags/zeta/unarchive'),
    ];
    for (const step of steps) {
      await step();
      for (const env of ENVIRONMENTS) {
        const revision = await environmentRevision(t(), env);
        for (const audience of ['server', 'client'] as const) {
          const snapshot = await served(t(), keys[`${env}:${audience}`]!, revision);
          expect(snapshot).toEqual(JSON.parse(JSON.stringify(await fresh.snapshot(env, audience))));
        }
      }
    }
  }, 60_000);
});
