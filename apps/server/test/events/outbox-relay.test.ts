import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/domain-event.ts';
import { relayOutbox } from '../../src/events/outbox-relay.ts';
import { pendingCount } from '../../src/events/outbox-repository.ts';
import { releaseFlag, startTestApp, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

describe.each(drivers())('the outbox relay (%s)', (driver) => {
  // Jobs off: what was committed sits in the outbox as after a crash before anything was published.
  const t = useTestApp(driver, { jobs: false });

  it('dispatches every committed change once, in order, even with two relays at once; a failing sink loses nothing', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await t().request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(`outboxed_${i}`),
      });
      expect(res.statusCode).toBe(201);
    }
    const segment = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { key: 'outboxed_segment' },
    });
    expect(segment.statusCode).toBe(201);
    const db = t().database.db;
    expect(await pendingCount(db)).toBe(31);

    // A sink that fails rolls its batch back: the events stay pending for the next tick.
    await expect(
      relayOutbox({ db, sinks: [async () => Promise.reject(new Error('webhook store down'))] }, new Date()),
    ).rejects.toThrow('webhook store down');
    expect(await pendingCount(db)).toBe(31);

    const other = await startTestApp(driver, { jobs: false, database: t().database });
    try {
      const seen: DomainEvent[][] = [[], []];
      const sink = (i: number) => async (_tx: unknown, event: DomainEvent) => {
        seen[i]!.push(event);
      };
      const dispatched = await Promise.all([
        relayOutbox({ db, sinks: [sink(0)], batchSize: 4 }, new Date()),
        relayOutbox({ db: other.database.db, sinks: [sink(1)], batchSize: 4 }, new Date()),
      ]);
      expect(dispatched[0] + dispatched[1]).toBe(31);
      const all = [...seen[0]!, ...seen[1]!];
      expect(new Set(all.map((e) => e.id)).size).toBe(31);
      for (const s of seen) {
        const ids = s.map((e) => Number(e.id));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
      expect(all.filter((e) => e.type === 'flag.created')).toHaveLength(30);
      expect(all.find((e) => e.type === 'segment.created')?.message).toBe(
        'Segment outboxed_segment was created by bootstrap-admin',
      );
      expect(await pendingCount(db)).toBe(0);
      expect(await relayOutbox({ db, sinks: [sink(0)] }, new Date())).toBe(0);
    } finally {
      await other.app.close();
    }
  });
});
