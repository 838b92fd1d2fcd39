import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const DAY = 86_400_000;

describe.each(drivers())('outbox retention (%s)', (driver) => {
  const t = useTestApp(driver, { jobs: false });

  async function rows(subject: string) {
    const result = await t().database.db.execute(
      sql`select count(*)::int as n, count(dispatched_at)::int as dispatched from outbox where subject_key = ${subject}`,
    );
    return (result as unknown as { rows: { n: number; dispatched: number }[] }).rows[0]!;
  }

  it('the hourly retention job deletes events dispatched more than 7 days ago, never pending ones', async () => {
    const create = async (key: string) =>
      expect(
        (await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key) })).statusCode,
      ).toBe(201);
    const jobs = t().app.services.jobs;
    await create('retained_old');
    const dispatchedAt = new Date();
    await jobs.runOnce('outbox-relay', dispatchedAt);
    await create('retained_pending');
    expect(await rows('retained_old')).toEqual({ n: 1, dispatched: 1 });
    expect(await rows('retained_pending')).toEqual({ n: 1, dispatched: 0 });

    // Inside the window: kept.
    await jobs.runOnce('retention', new Date(dispatchedAt.getTime() + 7 * DAY - 60_000));
    expect(await rows('retained_old')).toEqual({ n: 1, dispatched: 1 });

    // Past it: the dispatched event is gone; the one the relay still owes stays, however old.
    await jobs.runOnce('retention', new Date(dispatchedAt.getTime() + 7 * DAY + 60_000));
    expect(await rows('retained_old')).toEqual({ n: 0, dispatched: 0 });
    expect(await rows('retained_pending')).toEqual({ n: 1, dispatched: 0 });
    await jobs.runOnce('retention', new Date(dispatchedAt.getTime() + 400 * DAY));
    expect(await rows('retained_pending')).toEqual({ n: 1, dispatched: 0 });

    // The relay goes on from where it was: the pending event is dispatched once.
    await jobs.runOnce('outbox-relay', new Date());
    expect(await rows('retained_pending')).toEqual({ n: 1, dispatched: 1 });
  });
});
