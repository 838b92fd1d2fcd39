import { createClient } from '@flagstaff/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSdkKey,
  faultEnvironment,
  type Replica,
  scratchDatabase,
  startReplica,
} from '../delivery/fault-support.ts';
import { api } from '../support/server-process.ts';
import { startListener } from '../webhooks/webhook-listener.ts';
import { runApplication } from './sdk-application.ts';
import { secondsLongPlan } from './seconds-long-plan.ts';

const services = faultEnvironment();

interface PlanRead {
  status: string;
  percentage: number;
  history: { kind: string; toPercentage: number | null }[];
}

describe.runIf(services !== undefined)(
  'a rollout across two replica processes, one killed with SIGKILL',
  () => {
    let database: { url: string; drop: () => Promise<void> };
    let listener: Awaited<ReturnType<typeof startListener>>;
    const replicas: Replica[] = [];

    beforeAll(async () => {
      database = await scratchDatabase(services!.databaseUrl);
      listener = await startListener();
    });
    afterAll(async () => {
      for (const r of replicas) await r.stop().catch(() => {});
      await listener?.close();
      await database?.drop();
    }, 30_000);

    it('records every transition once, sends no webhook twice, and the survivor finishes the plan', async () => {
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: services!.redisUrl,
        FLAGSTAFF_REDIS_CHANNEL: `flagstaff:crash-${Date.now()}`,
        FLAGSTAFF_ROLLOUT_TICK_MS: '250',
        FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1',
      };
      const a = await startReplica(env);
      replicas.push(a);
      const b = await startReplica(env);
      replicas.push(b);
      const hook = await api(a.url, '/api/v1/webhooks', {
        method: 'POST',
        body: JSON.stringify({ url: listener.url(), events: ['rollout.*'] }),
      });
      expect(hook.status, await hook.clone().text()).toBe(201);
      const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const flag = await api(a.url, '/api/v1/flags', {
        method: 'POST',
        body: JSON.stringify({ key: 'crash_flow', type: 'release', owner: 'team', expiresAt }),
      });
      expect(flag.status).toBe(201);
      const { token } = await createSdkKey(b.url, 'server', 'production');
      const started = await api(a.url, '/api/v1/rollouts', {
        method: 'POST',
        body: JSON.stringify(secondsLongPlan('crash_flow')),
      });
      expect(started.status, await started.clone().text()).toBe(201);
      const { id } = (await started.json()) as { id: string };

      // The application talks to the replica that survives.
      const client = createClient({ url: b.url, sdkKey: token, metrics: { interval: 200 } });
      await client.ready({ timeout: 5000 });
      const app = runApplication(client, 'crash_flow');
      let killed = false;
      let plan: PlanRead | undefined;
      try {
        const deadline = Date.now() + 150_000;
        for (;;) {
          plan = (await (await api(b.url, `/api/v1/rollouts/${id}`)).json()) as PlanRead;
          if (!killed && plan.percentage >= 5) {
            a.process.child.kill('SIGKILL');
            await a.process.exited;
            killed = true;
          }
          if (plan.status !== 'running' || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 250));
        }
      } finally {
        await app.stop();
      }
      expect(killed).toBe(true);
      expect(
        plan?.status,
        JSON.stringify({
          last: (plan as unknown as { lastVerdict?: unknown }).lastVerdict,
          verdict: (plan as unknown as { verdict?: unknown }).verdict,
        }),
      ).toBe('completed');
      const moves = plan!.history
        .filter((h) => h.toPercentage !== null)
        .map((h) => `${h.kind}:${h.toPercentage}`);
      expect(moves).toEqual([
        'started:0.1',
        'advanced:1',
        'advanced:5',
        'advanced:10',
        'advanced:25',
        'advanced:50',
        'completed:100',
      ]);
      // Webhooks: let the survivor's relay and sender finish, then one delivery per transition.
      const expected = plan!.history.length;
      const deadline = Date.now() + 20_000;
      while (listener.received.length < expected && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      const ids = listener.received.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(ids.length);
      const kinds = listener.received.map((r) => {
        const body = JSON.parse(r.body) as { type: string; data: { to?: number } };
        return `${body.type}:${body.data.to ?? ''}`;
      });
      const moved = kinds.filter((k) => !k.startsWith('rollout.alert') && !k.startsWith('rollout.stuck'));
      expect(new Set(moved).size, kinds.join(' ')).toBe(moved.length);
      expect(kinds).toEqual(
        expect.arrayContaining(['rollout.started:0.1', 'rollout.advanced:5', 'rollout.completed:100']),
      );
    }, 240_000);
  },
);
