import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { fanOutEvent } from '../../src/webhooks/fan-out-event.ts';
import { sendDueWebhooks } from '../../src/webhooks/send-due-webhooks.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { type Listener, startListener } from './webhook-listener.ts';

const allow = loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' }).webhookAllow;
const SUBSCRIPTIONS = 3;
const EVENTS = 20;

/** A second connection pool on the same database: another replica's sender. */
async function secondReplica(database: Database): Promise<Database> {
  if (database.kind === 'embedded') return { ...database, close: async () => {} };
  const result = await database.db.execute(sql`select current_database() as name`);
  const { name } = (result as unknown as { rows: { name: string }[] }).rows[0]!;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 5 });
}

describe.each(drivers())('two senders at once (%s)', (driver) => {
  const t = useTestApp(driver, { webhookAllow: allow });
  let listener: Listener;
  let other: Database;
  beforeAll(async () => {
    // A receiver that takes a moment, so the two senders' batches overlap.
    listener = await startListener((_, res) => setTimeout(() => res.writeHead(200).end(), 15));
    other = await secondReplica(t().database);
  });
  afterAll(async () => {
    await listener.close();
    await other?.close();
  });

  it(`sends each of ${SUBSCRIPTIONS * EVENTS} deliveries exactly once`, async () => {
    for (let s = 0; s < SUBSCRIPTIONS; s += 1) {
      const res = await t().request({
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url: listener.url(`/s${s}`), events: ['*'] },
      });
      expect(res.statusCode).toBe(201);
    }
    const now = new Date();
    await t().database.db.transaction(async (tx) => {
      for (let e = 0; e < EVENTS; e += 1) {
        await fanOutEvent(tx, {
          id: `evt_${e}`,
          type: 'rollout.advanced',
          occurredAt: now.toISOString(),
          environment: 'production',
          subject: { kind: 'flag', key: 'contended' },
          message: `contended is at ${e}%`,
          data: null,
        });
      }
    });
    const log = { warn: () => {} };
    const sender = async (db: Database['db']) => {
      let sent = 0;
      for (;;) {
        const result = await sendDueWebhooks({ db, log, allow }, now, { batchSize: 4 });
        expect(result.failed).toBe(0);
        if (result.sent === 0) return sent;
        sent += result.sent;
      }
    };
    const [a, b] = await Promise.all([sender(t().database.db), sender(other.db)]);

    const total = SUBSCRIPTIONS * EVENTS;
    expect(a + b).toBe(total);
    expect(listener.received).toHaveLength(total);
    const pairs = new Set(listener.received.map((r) => `${r.path} ${r.headers['webhook-id']}`));
    expect(pairs.size).toBe(total);
    // Both replicas did part of the work: the claims really ran side by side.
    if (driver === 'postgres') expect(Math.min(a, b)).toBeGreaterThan(0);
    const attempts = await t().database.db.execute(
      sql`select count(*)::int as n, max(attempt)::int as most from webhook_attempts`,
    );
    expect((attempts as unknown as { rows: { n: number; most: number }[] }).rows[0]).toEqual({
      n: total,
      most: 1,
    });
  });
});
