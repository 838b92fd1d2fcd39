import type { Snapshot } from '@flagstaff/evaluator';
import { describe, expect, it } from 'vitest';
import { createSnapshotService } from '../../src/environments/snapshot-service.ts';
import type { TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { useListeningApp, useTwoReplicas } from './delivery-app.ts';
import { createFlag, createKey, environmentRevision, patchFlagState, redisUrl } from './delivery-fixtures.ts';

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

async function write(t: TestApp, method: 'POST' | 'PATCH', url: string, payload?: object) {
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

/**
 * Every kind of write through `writer`; after each, every environment's snapshot for both audiences as
 * `reader` serves it must equal a fresh read of Postgres.
 */
async function expectWritesApplied(writer: TestApp, reader: TestApp) {
  const keys = Object.fromEntries(
    await Promise.all(
      ENVIRONMENTS.flatMap((env) =>
        (['server', 'client'] as const).map(
          async (kind) => [`${env}:${kind}`, (await createKey(writer, kind, env)).token] as const,
        ),
      ),
    ),
  );
  const fresh = createSnapshotService(writer.database.db);
  const segment = await writer.request({
    method: 'POST',
    url: '/api/v1/segments',
    payload: { key: 'beta', included: ['ann', 'ben'] },
  });
  expect(segment.statusCode, segment.body).toBe(201);

  const steps: (() => Promise<unknown>)[] = [
    () => createFlag(writer, 'middle'),
    () =>
      createFlag(writer, 'zeta', { environments: { production: { enabled: true, clientVisible: true } } }),
    () => createFlag(writer, 'alpha'),
    () =>
      patchFlagState(writer, 'middle', 'production', {
        enabled: true,
        clientVisible: true,
        rules: [{ conditions: [{ op: 'segment', segments: ['beta'] }], serve: { variant: 'on' } }],
        fallthrough: { variant: 'on', percentage: 12.5 },
      }),
    () => patchFlagState(writer, 'alpha', 'staging', { enabled: true, clientVisible: true }),
    () => write(writer, 'PATCH', '/api/v1/flags/alpha', { description: 'now with a description' }),
    () => write(writer, 'PATCH', '/api/v1/segments/beta', { included: ['ann', 'cat'] }),
    () => write(writer, 'POST', '/api/v1/flags/zeta/archive'),
    () => patchFlagState(writer, 'middle', 'production', { clientVisible: false }),
    () => write(writer, 'POST', '/api/v1/flags/middle/versions/2/restore'),
    () => write(writer, 'POST', '/api/v1/flags/zeta/unarchive'),
    // A client-visible flag's prerequisite travels with it to client keys, client-visible or not.
    () =>
      patchFlagState(writer, 'zeta', 'production', {
        rules: [{ conditions: [{ op: 'flag', flag: 'alpha', variants: ['on'] }], serve: { variant: 'on' } }],
      }),
  ];
  for (const step of steps) {
    await step();
    for (const env of ENVIRONMENTS) {
      const revision = await environmentRevision(writer, env);
      for (const audience of ['server', 'client'] as const) {
        const snapshot = await served(reader, keys[`${env}:${audience}`]!, revision);
        expect(snapshot).toEqual(JSON.parse(JSON.stringify(await fresh.snapshot(env, audience))));
      }
    }
  }
  const client = await served(reader, keys['production:client']!, 0);
  // alpha is client-visible in staging only: production's client snapshot has it as zeta's prerequisite.
  expect(client.flags.map((f) => f.key)).toEqual(['alpha', 'middle', 'zeta']);
}

describe.each(drivers())('delivery applies each write to its held snapshots (%s)', (driver) => {
  const t = useListeningApp(driver);

  it('serves, after every kind of write, exactly what a fresh read of Postgres gives', async () => {
    await expectWritesApplied(t(), t());
  }, 60_000);
});

const redis = redisUrl();

describe.runIf(redis !== undefined).each(drivers())(
  'another replica applies the flag versions it hears of (%s)',
  (driver) => {
    const replicas = useTwoReplicas(driver, redis!);

    it('serves on replica B, after every kind of write through A, what a fresh read gives', async () => {
      await expectWritesApplied(replicas().a, replicas().b);
    }, 60_000);
  },
);
