import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import { pendingCount } from '../events/outbox-repository.ts';

export interface MetricsSources {
  db: Db;
  streamCount: () => number;
}

/**
 * Flagstaff's own Prometheus metrics (`GET /metrics`): request rates and latency, SDK stream
 * connections, rollout plans by state, decisions taken, outbox depth. One registry per app (tests run
 * several apps in one process).
 */
export function createMetricsRegistry(sources: MetricsSources) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'flagstaff_http_requests_total',
    help: 'HTTP requests answered, by method, route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flagstaff_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'flagstaff_sdk_stream_connections',
    help: 'Open SDK streams (SSE) on this replica',
    registers: [registry],
    collect() {
      this.set(sources.streamCount());
    },
  });
  new Gauge({
    name: 'flagstaff_outbox_pending',
    help: 'Committed changes not yet dispatched by the outbox relay',
    registers: [registry],
    async collect() {
      this.set(await pendingCount(sources.db));
    },
  });
  new Gauge({
    name: 'flagstaff_rollout_plans',
    help: 'Rollout plans by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const result = await sources.db.execute(
        sql`select status, count(*)::int as n from rollout_plans group by status`,
      );
      this.reset();
      for (const status of ['running', 'paused', 'rolled_back', 'completed']) this.set({ status }, 0);
      for (const row of (result as unknown as { rows: { status: string; n: number }[] }).rows) {
        this.set({ status: row.status }, row.n);
      }
    },
  });
  const decisions = new Counter({
    name: 'flagstaff_rollout_decisions_total',
    help: 'Rollout transitions taken by this replica (advanced, rolled_back, completed, alert, stuck)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  return {
    registry,
    /** For the rollout engine: one transition taken. */
    decided: (kind: string) => decisions.inc({ kind }),
    register(app: FastifyInstance) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requests.inc({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` });
        duration.observe({ route }, reply.elapsedTime / 1000);
      });
      app.get(
        '/metrics',
        { schema: { hide: true }, config: { access: 'public' } },
        async (_request, reply) => {
          const body = await registry.metrics();
          return reply.type(registry.contentType).send(body);
        },
      );
    },
  };
}

export type MetricsRegistry = ReturnType<typeof createMetricsRegistry>;
