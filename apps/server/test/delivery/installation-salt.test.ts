import { randomBytes } from 'node:crypto';
import { compileSnapshot, evaluate, type Snapshot } from '@flagstaff/evaluator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCredentialsService } from '../../src/credentials/credentials-service.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { readInstallationSecret } from '../../src/environments/installation-repository.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app.ts';
import { type Driver, drivers } from '../support/test-database.ts';
import { createFlag, createKey, currentSnapshot } from './delivery-fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
}, 60_000);

/** A new installation: its own database, migrated from nothing (not cloned from the test template). */
async function installation(driver: Driver): Promise<TestApp> {
  let database: Database;
  if (driver === 'embedded') {
    database = await openDatabase({ dataDir: 'memory://' });
  } else {
    const admin = new URL(process.env.DATABASE_URL!);
    const name = `flagstaff_install_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database "${name}"`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const opened = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 4 });
    database = {
      ...opened,
      close: async () => {
        await opened.close();
        const dropper = new pg.Client({ connectionString: admin.toString() });
        await dropper.connect();
        await dropper.query(`drop database if exists "${name}" with (force)`);
        await dropper.end();
      },
    };
  }
  await migrate(database.db);
  await createCredentialsService(database.db).bootstrapAdmin(ADMIN_TOKEN);
  const t = await startTestApp(driver, { database });
  cleanups.push(async () => {
    await t.app.close();
    await database.close();
  });
  return t;
}

/** The same segment and flag, as two separate teams would set them up. */
async function clientSnapshot(t: TestApp): Promise<Snapshot> {
  const segment = await t.request({
    method: 'POST',
    url: '/api/v1/segments',
    payload: {
      key: 'internal_users',
      included: ['alice@corp.example'],
      conditions: [{ op: 'in', attribute: 'email', values: ['bob@corp.example'] }],
    },
  });
  expect(segment.statusCode, segment.body).toBe(201);
  await createFlag(t, 'dogfood', {
    environments: {
      production: {
        clientVisible: true,
        enabled: true,
        rules: [
          {
            id: 'staff',
            conditions: [{ op: 'segment', segments: ['internal_users'] }],
            serve: { variant: 'on' },
          },
        ],
      },
    },
  });
  const client = await createKey(t, 'client', 'production');
  const response = await currentSnapshot(t, client.token, 'production');
  return response.json() as Snapshot;
}

function hashesOf(snapshot: Snapshot): string[] {
  const segment = snapshot.segments.find((s) => s.key === 'internal_users')!;
  const condition = segment.conditions![0] as { hashes: string[] };
  return [...segment.includedHashes!, ...condition.hashes];
}

describe.each(drivers())('hashed lists are salted per installation (%s)', (driver) => {
  it('gives the same user different hashes on two installations, with the same answers', async () => {
    const [one, two] = [await installation(driver), await installation(driver)];
    const secrets = [
      await readInstallationSecret(one.database.db),
      await readInstallationSecret(two.database.db),
    ];
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets[0]).not.toBe(secrets[1]);

    const [a, b] = [await clientSnapshot(one), await clientSnapshot(two)];
    const [hashesA, hashesB] = [hashesOf(a), hashesOf(b)];
    expect(hashesA).toHaveLength(2);
    expect(hashesA.filter((h) => hashesB.includes(h))).toEqual([]);
    for (const [snapshot, secret] of [
      [a, secrets[0]!],
      [b, secrets[1]!],
    ] as const) {
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain(secret);
      expect(text).not.toContain('alice@corp.example');
      expect(text).not.toContain('bob@corp.example');
      const compiled = compileSnapshot(snapshot);
      expect(evaluate(compiled, 'dogfood', { key: 'alice@corp.example' }, false).value).toBe(true);
      expect(evaluate(compiled, 'dogfood', { key: 'x', email: 'bob@corp.example' }, false).value).toBe(true);
      expect(evaluate(compiled, 'dogfood', { key: 'carol@corp.example' }, false).value).toBe(false);
    }
  }, 120_000);
});
