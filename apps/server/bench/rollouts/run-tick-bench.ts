/**
 * One decision tick of the rollout engine with many active plans, against a real database: each plan's
 * flag has 30 minutes of SDK signals in 10 s buckets (treatment and control), the tick reads them,
 * decides and writes what it must. The engine's tick runs against the baseline (the tick and signal
 * reader as of commit 019a904, in ./baseline) on a copy of the same database, in the same run.
 * Usage (real PostgreSQL, else embedded):
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
import type { SignalSource } from '../../src/rollouts/signals-port.ts';
import { createServices } from '../../src/services.ts';
import { tickPlanByPlan } from './baseline/per-plan-tick.ts';
import { createSummedSignals } from './baseline/summed-signals.ts';
import { latencySketchBins } from './tick-fixtures.ts';

const PLANS = Number(process.env.PLANS ?? 1000);
const base = process.env.DATABASE_URL;
const NAME = 'flagstaff_tick_bench';
const start = new Date(Math.floor(Date.now() / 10_000) * 10_000);
let now = start;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function open(name: string): Promise<Database> {
  if (!base) return openDatabase({ dataDir: 'memory://' });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 10 });
}

function servicesOn(database: Database, signals: SignalSource) {
  return createServices({
    database,
    config: { maxLifetimeDays: { release: 90, experiment: 180 } },
    clock: () => now,
    log: Fastify({ logger: false }).log,
    signals,
  });
}

async function seed(database: Database) {
  await migrate(database.db);
  const services = servicesOn(database, createStoredSignals(database.db));
  const expires = new Date(start.getTime() + 30 * 86_400_000).toISOString();
  const bins = latencySketchBins();
  for (let i = 0; i < PLANS; i++) {
    const key = `bench_flag_${i}`;
    await services.flags.create(
      { key, type: 'release', owner: 'bench', expiresAt: expires } as never,
      'bench',
    );
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
  await services.jobs.stop();
}

console.error(`seeding ${PLANS} flags, plans and 30 minutes of signals each…`);
if (base) {
  await admin(async (c) => {
    for (const name of [NAME, `${NAME}_baseline`])
      await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${NAME}`);
  });
}
const seeded = await open(NAME);
await seed(seeded);
if (base) {
  await seeded.close();
  await admin((c) => c.query(`create database ${NAME}_baseline template ${NAME}`));
} else {
  await seeded.close();
}

// Half-way through the stage: every plan is read and held (the common tick); a look 5 s later; one
// more after 15 minutes without a look, just before the minimum; then past it: every plan advances
// (the busiest tick: a flag write, plan write, history, audit and outbox row each).
const PHASES = [
  ['hold (mid-stage, first look)', 900_000],
  ['hold again, 5 s later', 905_000],
  ['hold, 15 min later', 1_820_000],
  ['advance (every plan)', 1_900_000],
] as const;

const VARIANTS = [
  { label: 'baseline (019a904)', db: `${NAME}_baseline`, signals: createSummedSignals, tick: tickPlanByPlan },
  { label: 'batched, incremental', db: NAME, signals: createStoredSignals, tick: tickRollouts },
] as const;

const results = new Map<string, number[]>();
// BASELINE=0 skips the baseline (profiling the engine's tick alone).
const variants = process.env.BASELINE === '0' ? VARIANTS.slice(1) : VARIANTS;
const failures: string[] = [];
for (const variant of variants) {
  const database = base ? await open(variant.db) : await open(NAME);
  if (!base) await seed(database);
  const services = servicesOn(database, variant.signals(database.db));
  const times: number[] = [];
  for (const [label, offset] of PHASES) {
    now = new Date(start.getTime() + offset);
    const began = performance.now();
    const outcome = await variant.tick(
      {
        db: database.db,
        flags: services.flags,
        rollouts: services.rollouts,
        log: {
          warn: (o: object, m: string) => failures.push(`${m}: ${String((o as { err?: unknown }).err)}`),
        },
      },
      now,
    );
    const ms = performance.now() - began;
    times.push(ms);
    if (failures.length > 0) console.error(`${failures.length} failures, first: ${failures[0]}`);
    failures.length = 0;
    console.log(
      `${variant.label} | ${label}: ${outcome.looked} plans in ${ms.toFixed(0)} ms (${(ms / outcome.looked).toFixed(2)} ms a plan), ${outcome.transitions.length} transitions`,
    );
  }
  results.set(variant.label, times);
  await services.jobs.stop();
  await database.close();
}
const [before, after] = VARIANTS.map((v) => results.get(v.label));
if (!before || !after) process.exit(0);
console.log('\n| tick | baseline | batched, incremental | speed-up |\n| --- | --- | --- | --- |');
for (const [i, [label]] of PHASES.entries()) {
  console.log(
    `| ${label} | ${before![i]!.toFixed(0)} ms | ${after![i]!.toFixed(0)} ms | ${(before![i]! / after![i]!).toFixed(1)}x |`,
  );
}
