import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createCredentialsService } from '../../src/credentials/credentials-service.ts';
import type { Database } from '../../src/db/database.ts';
import type { DeliveryConfig } from '../../src/delivery/create-delivery.ts';
import { checkDocumentedResponses } from '../support/documented-responses.ts';
import { ADMIN_TOKEN, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, type Driver } from '../support/test-database.ts';

export interface ListeningApp extends TestApp {
  url: string;
}

/** A test app that listens on 127.0.0.1 (SSE needs a real socket), with delivery options. */
export async function startListeningApp(
  database: Database,
  delivery: DeliveryConfig = {},
): Promise<ListeningApp> {
  await createCredentialsService(database.db).bootstrapAdmin(ADMIN_TOKEN);
  const app = await buildApp({
    config: { maxLifetimeDays: { release: 90, experiment: 180 }, docs: false, bodyLimitBytes: 262_144 },
    database,
    delivery: { revisionCheckMs: 1_000, ...delivery },
  });
  checkDocumentedResponses(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    database,
    url,
    request: (o) =>
      app.inject({ ...o, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(o.headers ?? {}) } }),
    json: <T>(response: { json(): unknown }) => response.json() as T,
  } as ListeningApp;
}

/** One listening app on a fresh database for a file's tests. */
export function useListeningApp(driver: Driver, delivery: DeliveryConfig = {}): () => ListeningApp {
  let started: ListeningApp | undefined;
  beforeAll(async () => {
    started = await startListeningApp(await createTestDatabase(driver), delivery);
  }, 60_000);
  afterAll(async () => {
    await started?.app.close();
    await started?.database.close();
  });
  return () => {
    if (!started) throw new Error('the app is not started');
    return started;
  };
}

/**
 * Two replicas (A and B) on one fresh database, talking over Redis on a channel of their own, for a
 * file's tests. The revision check is slowed to a minute: whatever B learns sooner came over Redis.
 */
export function useTwoReplicas(driver: Driver, redisUrl: string): () => { a: ListeningApp; b: ListeningApp } {
  let database: Database | undefined;
  let replicas: { a: ListeningApp; b: ListeningApp } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    const delivery = {
      redisUrl,
      redisChannel: `flagstaff:test:${randomBytes(6).toString('hex')}`,
      revisionCheckMs: 60_000,
    };
    replicas = {
      a: await startListeningApp(database, delivery),
      b: await startListeningApp(database, delivery),
    };
  }, 60_000);
  afterAll(async () => {
    await replicas?.a.app.close();
    await replicas?.b.app.close();
    await database?.close();
  });
  return () => {
    if (!replicas) throw new Error('the replicas are not started');
    return replicas;
  };
}
