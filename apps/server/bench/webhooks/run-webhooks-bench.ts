/**
 * Webhook fan-out and sending (figures reported, not asserted), on a fresh database cloned from the
 * migrated template:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/webhooks/run-webhooks-bench.ts
 * Knobs: BENCH_EVENTS (default 500), BENCH_SUBSCRIPTIONS (10), BENCH_BATCH (20), BENCH_SENDERS (2).
 * Without DATABASE_URL it runs on embedded PostgreSQL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.ts';
import { fanOutEvent } from '../../src/webhooks/fan-out-event.ts';
import { sendDueWebhooks } from '../../src/webhooks/send-due-webhooks.ts';
import { generateSecret } from '../../src/webhooks/webhook-signature.ts';
import { insertSubscription } from '../../src/webhooks/webhooks-repository.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 2);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const database = await createTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'embedded');
try {
  for (let s = 0; s < SUBSCRIPTIONS; s += 1) {
    await insertSubscription(database.db, {
      id: `wh_bench_${s}`,
      url: `http://127.0.0.1:${port}/s${s}`,
      secret: generateSecret(),
      events: ['rollout.*'],
    });
  }
  const now = new Date();
  const fanOutMs: number[] = [];
  for (let e = 0; e < EVENTS; e += 1) {
    const started = performance.now();
    await database.db.transaction((tx) =>
      fanOutEvent(tx, {
        id: `evt_${e}`,
        type: 'rollout.advanced',
        occurredAt: now.toISOString(),
        environment: 'production',
        subject: { kind: 'flag', key: 'new_checkout_flow' },
        message: `new_checkout_flow is at ${e % 100}% with no issues`,
        data: { stage: e, treatment: { errorRate: 0.41, p99: 182 }, control: { errorRate: 0.4, p99: 180 } },
      }),
    );
    fanOutMs.push(performance.now() - started);
  }
  const { webhookAllow } = loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1' });
  const log = { warn: () => {} };
  const started = performance.now();
  const perSender = await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      let sent = 0;
      for (;;) {
        const result = await sendDueWebhooks({ db: database.db, log, allow: webhookAllow }, now, {
          batchSize: BATCH,
        });
        if (result.sent + result.failed === 0) return sent;
        sent += result.sent;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sent = perSender.reduce((a, b) => a + b, 0);
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${database.kind}`,
  );
  console.log(
    JSON.stringify(
      {
        fanOut: {
          events: EVENTS,
          subscriptions: SUBSCRIPTIONS,
          msPerEvent: {
            p50: +percentile(fanOutMs, 50).toFixed(2),
            p99: +percentile(fanOutMs, 99).toFixed(2),
          },
        },
        send: {
          deliveries: sent,
          expected: EVENTS * SUBSCRIPTIONS,
          senders: SENDERS,
          batch: BATCH,
          seconds: +seconds.toFixed(2),
          perSecond: Math.round(sent / seconds),
          perSender,
        },
      },
      null,
      2,
    ),
  );
} finally {
  server.close();
  await database.close();
}
