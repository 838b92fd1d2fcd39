import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { writeFlagVersion } from '../../src/flags/flags-repository.ts';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

/** Rows in every table a flag write touches: a refused write must change none of them. */
async function counts(database: Database) {
  const result = await database.db.execute(sql`select
    (select count(*) from flag_versions)::int as versions,
    (select count(*) from audit_log)::int as audit,
    (select count(*) from outbox)::int as outbox,
    (select sum(revision) from environments)::int as revisions,
    (select version from flags where key = 'guarded') as version`);
  return (result as unknown as { rows: Record<string, number>[] }).rows[0];
}

describe.each(drivers())('the one-statement flag write (%s)', (driver) => {
  const t = useTestApp(driver);

  const attempt = (previousVersion: number, segmentKeys: string[]) =>
    writeFlagVersion(t().database.db, {
      key: 'guarded',
      previousVersion,
      version: previousVersion + 1,
      segmentKeys,
      row: { name: 'guarded', type: 'release', variants: [] },
      states: [],
      changedEnvironments: ['development', 'production', 'staging'],
      document: { key: 'guarded' },
      audit: { actor: 'test', action: 'flag.updated', before: null, environment: null },
      events: [
        {
          type: 'flag.updated',
          environment: null,
          subject: { kind: 'flag', key: 'guarded' },
          message: 'guarded was changed by test',
          data: {},
        },
      ],
      requireNoActivePlan: true,
    });

  it('writes nothing over a version that moved on, or when a segment it names is gone; else the change, its audit and its outbox row', async () => {
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('guarded'),
    });
    expect(created.statusCode).toBe(201);
    const segment = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'present' },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    const before = await counts(t().database);

    expect(await attempt(0, [])).toBeUndefined();
    expect(await attempt(1, ['present', 'deleted_meanwhile'])).toBeUndefined();
    expect(await counts(t().database)).toEqual(before);

    const revisions = await attempt(1, ['present']);
    expect(revisions?.map((r) => r.environment).sort()).toEqual(['development', 'production', 'staging']);
    expect(await counts(t().database)).toEqual({
      versions: before!.versions! + 1,
      audit: before!.audit! + 1,
      outbox: before!.outbox! + 1,
      revisions: before!.revisions! + 3,
      version: 2,
    });
  });
});
