import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createCredentialsService } from '../../src/credentials/credentials-service.ts';
import type { Database } from '../../src/db/database.ts';
import type { Fetch } from '../../src/rollouts/prometheus-guards.ts';
import type { SignalSource } from '../../src/rollouts/signals-port.ts';
import type { AllowList, Resolver } from '../../src/webhooks/webhook-url-guard.ts';
import { checkDocumentedResponses } from './documented-responses.ts';
import { createTestDatabase, type Driver } from './test-database.ts';

export const ADMIN_TOKEN = 'fs_admin_test-token-0123456789abcdefghij';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** A request as the bootstrap admin (override `authorization` to act as someone else). */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  json<T = Record<string, unknown>>(response: LightMyRequestResponse): T;
}

export interface TestAppOptions {
  clock?: () => Date;
  maxLifetimeDays?: { release: number; experiment: number };
  readCacheMs?: number;
  /** Share another app's database: a second replica. */
  database?: Database;
  /** FLAGSTAFF_SDK_CORS_ORIGINS as parsed. */
  sdkCorsOrigins?: '*' | string[];
  /** Where rollouts read SDK signals (a fake, to script what the SDKs report). */
  signals?: SignalSource;
  /** Background jobs on timers (default off: tests drive `services.jobs` with their clock). */
  jobs?: boolean;
  /** Prometheus client for rollout guards. */
  fetch?: Fetch;
  /** FLAGSTAFF_WEBHOOK_ALLOW as parsed. */
  webhookAllow?: AllowList;
  /** DNS for webhook URL checks. */
  webhookResolver?: Resolver;
}

export async function startTestApp(driver: Driver, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase(driver));
  if (!options.database) await createCredentialsService(database.db).bootstrapAdmin(ADMIN_TOKEN);
  const app = await buildApp({
    config: {
      maxLifetimeDays: options.maxLifetimeDays ?? { release: 90, experiment: 180 },
      docs: true,
      bodyLimitBytes: 262_144,
      // On, as in production: every suite then checks that a replica reads its own writes.
      readCacheMs: options.readCacheMs ?? 1_000,
      ...(options.sdkCorsOrigins ? { sdkCorsOrigins: options.sdkCorsOrigins } : {}),
      // Off unless asked: a test drives the jobs it needs (`app.services.jobs.runOnce`) with its clock.
      jobs: options.jobs ?? false,
      ...(options.webhookAllow ? { webhookAllow: options.webhookAllow } : {}),
    },
    database,
    ...(options.webhookResolver ? { webhookResolver: options.webhookResolver } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  checkDocumentedResponses(app);
  await app.ready();
  return {
    app,
    database,
    request: (o) =>
      app.inject({
        ...o,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(o.headers ?? {}) },
      } as InjectOptions),
    json: <T>(response: LightMyRequestResponse) => response.json() as T,
  };
}

/** Starts an app on a fresh database before the file's tests and closes both after. */
export function useTestApp(driver: Driver, options: TestAppOptions = {}): () => TestApp {
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    testApp = await startTestApp(driver, options);
  }, 60_000);
  afterAll(async () => {
    await testApp?.app.close();
    await testApp?.database.close();
  });
  return () => {
    if (!testApp) throw new Error('the test app is not started');
    return testApp;
  };
}

/** A release flag body that passes the type policy. */
export function releaseFlag(key: string, extra: Record<string, unknown> = {}) {
  return {
    key,
    type: 'release',
    owner: 'checkout-team',
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    ...extra,
  };
}
