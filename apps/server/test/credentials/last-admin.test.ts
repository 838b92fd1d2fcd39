import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AdminTokenRefusedError,
  createCredentialsService,
} from '../../src/credentials/credentials-service.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { api, PROCESS_ADMIN_TOKEN, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN, useTestApp } from '../support/test-app.ts';
import { createTestDatabase, drivers } from '../support/test-database.ts';

const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(drivers())('the last admin token (%s)', (driver) => {
  const t = useTestApp(driver);

  async function activeAdmins(): Promise<{ id: string }[]> {
    const all = await createCredentialsService(t().database.db).list();
    return all.filter((c) => c.kind === 'admin' && c.revokedAt === null);
  }

  it('refuses to revoke the last active admin token with 409, and allows it once another exists', async () => {
    const [only] = await activeAdmins();
    const refused = await t().request({ method: 'DELETE', url: `/api/v1/credentials/${only!.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('LAST_ADMIN');
    expect(refused.json().error.message).toContain('Create another admin token first');
    expect((await t().request({ method: 'GET', url: '/api/v1/flags' })).statusCode).toBe(200);

    const second = await t().request({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { kind: 'admin', name: 'second' },
    });
    const token = second.json().token as string;
    const revoked = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/credentials/${only!.id}`,
      headers: as(token),
    });
    expect(revoked.statusCode).toBe(200);
    // Now the second one is the last: it cannot revoke itself.
    const self = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/credentials/${second.json().id}`,
      headers: as(token),
    });
    expect(self.statusCode).toBe(409);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it('leaves one admin when every admin is revoked at the same moment', async () => {
    const credentials = createCredentialsService(t().database.db);
    for (const name of ['a', 'b']) await credentials.create({ kind: 'admin', name }, 'test');
    const all = await activeAdmins();
    expect(all).toHaveLength(3);
    // Straight to the service, all at once: on PostgreSQL each runs on its own connection.
    const outcomes = await Promise.allSettled(all.map((admin) => credentials.revoke(admin.id, 'test')));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason.code).toBe('LAST_ADMIN');
    expect(await activeAdmins()).toHaveLength(1);
  });
});

describe.each(drivers())('starting with a revoked FLAGSTAFF_ADMIN_TOKEN (%s)', (driver) => {
  it('refuses with a clear message when no admin is active, and a new token recovers', async () => {
    const database = await createTestDatabase(driver);
    try {
      const credentials = createCredentialsService(database.db);
      expect(await credentials.bootstrapAdmin(ADMIN_TOKEN)).toEqual({ token: ADMIN_TOKEN, generated: false });
      // A database from before the last admin was protected: every admin token revoked.
      await database.db.execute(sql`update credentials set revoked_at = now() where kind = 'admin'`);
      const failure = await credentials.bootstrapAdmin(ADMIN_TOKEN).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AdminTokenRefusedError);
      expect((failure as Error).message).toMatch(/FLAGSTAFF_ADMIN_TOKEN is a revoked admin credential/);
      const fresh = 'fs_admin_a-brand-new-token-0123456789';
      expect(await credentials.bootstrapAdmin(fresh)).toEqual({ token: fresh, generated: false });
      // With an active admin, the old preset is simply not needed.
      expect(await credentials.bootstrapAdmin(ADMIN_TOKEN)).toBeUndefined();
    } finally {
      await database.close();
    }
  });
});

describe('the server process with a revoked FLAGSTAFF_ADMIN_TOKEN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-revoked-'));
  afterAll(() => rm(dir, { recursive: true, force: true }), 60_000);

  it('exits 1 with a clear message, no raw database error, and releases the folder', async () => {
    const first = startServerProcess(dir);
    const base = await first.ready;
    expect((await api(base, '/api/v1/flags')).status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const database = await openDatabase({ dataDir: dir });
    await database.db.execute(sql`update credentials set revoked_at = now() where kind = 'admin'`);
    await database.close();

    const second = startServerProcess(dir);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain('FLAGSTAFF_ADMIN_TOKEN is a revoked admin credential');
    expect(second.output()).not.toMatch(/Failed query|insert into|duplicate key/);

    const third = startServerProcess(dir, { FLAGSTAFF_ADMIN_TOKEN: `${PROCESS_ADMIN_TOKEN}-renewed` });
    const base3 = await third.ready;
    const renewed = await fetch(`${base3}/api/v1/flags`, { headers: as(`${PROCESS_ADMIN_TOKEN}-renewed`) });
    expect(renewed.status).toBe(200);
    third.child.kill('SIGTERM');
    await third.exited;
  }, 120_000);
});
