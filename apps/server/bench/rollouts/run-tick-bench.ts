/**
 * One decision tick of the rollout engine with many active plans, against a real database: each plan's
 * flag has 30 minutes of SDK signals in 10 s buckets (treatment and control), the tick reads them,
 * decides and writes what it must. Usage (real PostgreSQL, else embedded):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @flagstaff/server bench:tick [PLANS=1000]
 */

import Fastify from 'fastify';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { addSignalRows, type SignalRow } from '../../src/metrics/signals-repository.ts';
import { createStoredSignals } from '../../src/metrics/stored-signals.ts';
import { tickRollouts } from '../../src/rollouts/rollout-engine.ts';
import { createServices } from '../../src/services.ts';
import { latencySketchBins } from './tick-fixtures.ts';

const PLANS = Number(process.env.PLANS ?? 1000);
const base = process.env.DATABASE_URL;
const NAME = 'flagstaff_tick_bench';

async function open(): Promise<Database> {
  if (!base) return openDatabase({ dataDir: 'memory://' });
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${NAME} with (force)`);
  await admin.query(`create database ${NAME}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${NAME}`;
  return openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 10 });
}

const database = await open();
await migrate(database.db);
const start = new Date();
let now = start;
const services = createServices({
  database,
  config: { maxLifetimeDays: { release: 90, experiment: 180 } },
  clock: () => now,
  log: Fastify({ logger: false }).log,
  signals: createStoredSignals(database.db),
});
const expires = new Date(start.getTime() + 30 * 86_400_000).toISOString();
console.error(`seeding ${PLANS} flags, plans and 30 minutes of signals each…`);
const bins = latencySketchBins();
for (let i = 0; i < PLANS; i++) {
  const key = `bench_flag_${i}`;
  await services.flags.create({ key, type: 'release', owner: 'bench', expiresAt: expires } as never, 'bench');
  await services.rollouts.start(
    { flag: key, environment: 'production', template: 'conservative', minStageSeconds: 1800 },
    'bench',
  );
  const rows: SignalRow[] = [];
  for (let b = 0; b < 180; b++) {
    for (const cohort of ['treatment', 'control'] as const) {
      rows.push({
        environmentKey: 'production',
        flagKey: key,
        bucketStart: new Date(start.getTime() + b * 10_000),
        flagVersion: 2,
        variant: cohort === 'treatment' ? 'on' : 'off',
        cohort,
        exposures: 50,
        calls: 50,
        latencyZero: 0,
        errors: b % 4 === 0 ? { Error: 1 } : {},
        latencyBins: bins,
        conversions: {},
      });
    }
  }
  await addSignalRows(database.db, rows);
}
// Half-way through the stage: every plan is read and held (the common tick); then past it: every plan
// advances (the busiest tick: a flag write, plan write, history, audit and outbox row each).
for (const [label, offset] of [
  ['hold (mid-stage)', 900_000],
  ['hold again', 905_000],
  ['advance (every plan)', 1_900_000],
] as const) {
  now = new Date(start.getTime() + offset);
  const began = performance.now();
  const outcome = await tickRollouts(
    { db: database.db, flags: services.flags, rollouts: services.rollouts },
    now,
  );
  const ms = performance.now() - began;
  console.log(
    `${label}: ${outcome.looked} plans in ${ms.toFixed(0)} ms (${(ms / outcome.looked).toFixed(2)} ms a plan), ${outcome.transitions.length} transitions`,
  );
}
await services.jobs.stop();
await database.close();
