import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastifyOptions, flagstaffApp } from '../../src/app.ts';
import { createCredentialsService } from '../../src/credentials/credentials-service.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { type PrivatePostgres, postgresBinaries, startPrivatePostgres } from '../support/private-postgres.ts';
import { ADMIN_TOKEN, releaseFlag } from '../support/test-app.ts';

const binaries = postgresBinaries();
if (!binaries && process.env.CI === 'true') {
  throw new Error(
    'CI=true but no PostgreSQL binaries to start a private server: the outage test would not run',
  );
}

/** The app with its log captured, so the test can read how an outage is reported. */
async function appWithLog(database: Database): Promise<{ app: FastifyInstance; log: string[] }> {
  const log: string[] = [];
  const app = Fastify({
    ...fastifyOptions({ bodyLimitBytes: 262_144 }),
    logger: { level: 'info', stream: { write: (line: string) => void log.push(line) } },
  });
  await app.register(flagstaffApp, {
    config: { maxLifetimeDays: { release: 90, experiment: 180 }, docs: false, readCacheMs: 0 },
    database,
  });
  await app.ready();
  return { app, log };
}

function request(app: FastifyInstance, options: InjectOptions) {
  return app.inject({ ...options, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...options.headers } });
}

async function expectUnavailable(app: FastifyInstance, options: InjectOptions): Promise<void> {
  const response = await request(app, options);
  const what = `${options.method} ${options.url}`;
  expect(response.statusCode, `${what}: ${response.body}`).toBe(503);
  expect(response.json().error.code, what).toBe('DATABASE_UNAVAILABLE');
  expect(response.headers['retry-after'], what).toBe('5');
}

function outageLogged(log: string[]): void {
  const lines = log.map((line) => JSON.parse(line) as { msg: string; level: number; reason?: string });
  const outage = lines.filter((line) => line.msg === 'database unavailable');
  expect(outage.length).toBeGreaterThan(0);
  expect(outage[0]!.level).toBe(40); // warn
  expect(outage[0]!.reason).toBeTruthy();
  expect(lines.filter((line) => line.msg === 'unhandled error')).toEqual([]);
}

describe.skipIf(!binaries)('a PostgreSQL outage under a running app (private server)', () => {
  let postgres: PrivatePostgres;
  let database: Database;
  let app: FastifyInstance;
  let log: string[];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    database = await openDatabase({ databaseUrl: postgres.url, dataDir: '', poolMax: 4 });
    await migrate(database.db);
    await createCredentialsService(database.db).bootstrapAdmin(ADMIN_TOKEN);
    ({ app, log } = await appWithLog(database));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await postgres?.destroy();
  }, 60_000);

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while it is stopped, and recovers without a restart', async () => {
    const before = await request(app, {
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('before_outage'),
    });
    expect(before.statusCode).toBe(201);

    await postgres.stop();
    await expectUnavailable(app, {
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('during_outage'),
    });
    await expectUnavailable(app, {
      method: 'PATCH',
      url: '/api/v1/flags/before_outage',
      headers: { 'if-match': '"1"' },
      payload: { description: 'during the outage' },
    });
    await expectUnavailable(app, {
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'during_outage' },
    });
    await expectUnavailable(app, { method: 'GET', url: '/api/v1/flags/before_outage' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    outageLogged(log);

    await postgres.start();
    // The pool reconnects on its own: the next write goes through.
    const after = await request(app, {
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('after_outage'),
    });
    expect(after.statusCode, after.body).toBe(201);
    expect((await request(app, { method: 'GET', url: '/api/v1/flags/during_outage' })).statusCode).toBe(404);
    const kept = await request(app, { method: 'GET', url: '/api/v1/flags/before_outage' });
    expect(kept.json()).toMatchObject({ version: 1 });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }, 120_000);
});

describe('the embedded database closed under a running app', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, logged as an outage', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database.db);
    await createCredentialsService(database.db).bootstrapAdmin(ADMIN_TOKEN);
    const { app, log } = await appWithLog(database);
    try {
      const before = await request(app, {
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag('embedded_before'),
      });
      expect(before.statusCode).toBe(201);
      await database.close();
      await expectUnavailable(app, {
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag('embedded_during'),
      });
      await expectUnavailable(app, {
        method: 'PATCH',
        url: '/api/v1/flags/embedded_before',
        headers: { 'if-match': '"1"' },
        payload: { description: 'closed' },
      });
      outageLogged(log);
    } finally {
      await app.close();
    }
  }, 60_000);
});
