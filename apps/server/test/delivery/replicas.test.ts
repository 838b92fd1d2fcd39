import { describe, expect, it } from 'vitest';
import { drivers } from '../support/test-database.ts';
import { useTwoReplicas } from './delivery-app.ts';
import { createFlag, createKey, environmentRevision, patchFlagState, redisUrl } from './delivery-fixtures.ts';
import { openSse, revisionOf } from './sse-client.ts';

const redis = redisUrl();

describe.runIf(redis !== undefined).each(drivers())(
  'two replicas over Redis, in one process (%s)',
  (driver) => {
    const replicas = useTwoReplicas(driver, redis!);

    it('a stream on replica B gets a change written through replica A within 2 s, long before the revision check', async () => {
      const { a, b } = replicas();
      const server = await createKey(a, 'server', 'production');
      await createFlag(a, 'cross_replica');
      const sse = await openSse(`${b.url}/api/v1/sdk/stream`, { authorization: `Bearer ${server.token}` });
      try {
        await sse.next();
        const started = Date.now();
        await patchFlagState(a, 'cross_replica', 'production', { enabled: true });
        const target = await environmentRevision(a, 'production');
        const event = await sse.next((e) => revisionOf(e) === target, 2_000);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(
          JSON.parse(event.data).flags.find((f: { key: string }) => f.key === 'cross_replica').enabled,
        ).toBe(true);
      } finally {
        sse.close();
      }
    });

    it('revoking a key through replica A closes its stream on replica B', async () => {
      const { a, b } = replicas();
      const client = await createKey(a, 'client', 'production');
      const sse = await openSse(`${b.url}/api/v1/sdk/stream?key=${client.token}`);
      await sse.next();
      // B has the key in its credential cache now; only the revocation message can evict it in time
      // (its revision and revocation checks are a minute away).
      const cached = await b.app.inject({ method: 'GET', url: `/api/v1/sdk/snapshot?key=${client.token}` });
      expect(cached.statusCode).toBe(200);
      await a.request({ method: 'DELETE', url: `/api/v1/credentials/${client.id}` });
      await Promise.race([
        sse.ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open after 2 s')), 2_000)),
      ]);
      const refused = await b.app.inject({ method: 'GET', url: `/api/v1/sdk/snapshot?key=${client.token}` });
      expect(refused.statusCode).toBe(401);
    });
  },
);
