import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { api, type ServerProcess, startServerProcess } from '../support/server-process.ts';

/**
 * The fault tests need real PostgreSQL and Redis (and the redis-server binary for a private one).
 * Outside CI they skip without them; in CI a missing one is an error, not a silent skip.
 */
export function faultEnvironment(): { databaseUrl: string; redisUrl: string } | undefined {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if ((!databaseUrl || !redisUrl) && process.env.CI === 'true') {
    throw new Error('CI=true but DATABASE_URL or REDIS_URL is unset: the delivery fault tests would not run');
  }
  if (!databaseUrl || !redisUrl) {
    console.warn('DATABASE_URL or REDIS_URL is unset: the delivery fault tests are SKIPPED (set both)');
    return undefined;
  }
  return { databaseUrl, redisUrl };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** An empty database on the PostgreSQL server, for processes to migrate and share; dropped after. */
export async function scratchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `flagstaff_fault_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A private redis-server on `port`, so stopping it cannot disturb anyone else's. */
export async function startRedis(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Replica {
  process: ServerProcess;
  url: string;
  stop(): Promise<void>;
}

/** A real server process on the shared database (and the given Redis), listening on `port`. */
export async function startReplica(env: Record<string, string>, port = 0): Promise<Replica> {
  const process = startServerProcess(mkdtempSync(join(tmpdir(), 'flagstaff-replica-')), {
    PORT: String(port),
    ...env,
  });
  const url = await process.ready;
  return {
    process,
    url,
    stop: async () => {
      process.child.kill('SIGTERM');
      await process.exited;
    },
  };
}

export async function createSdkKey(base: string, kind: 'server' | 'client', environment: string) {
  const res = await api(base, '/api/v1/credentials', {
    method: 'POST',
    body: JSON.stringify({ kind, name: `${kind}-${environment}`, environment }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

/** An ops flag that serves `on` to everyone wherever it is enabled. */
export async function createProcessFlag(
  base: string,
  key: string,
  environments: Record<string, object> = {},
) {
  const states = Object.fromEntries(
    Object.entries(environments).map(([env, state]) => [env, { fallthrough: { variant: 'on' }, ...state }]),
  );
  const res = await api(base, '/api/v1/flags', {
    method: 'POST',
    body: JSON.stringify({ key, type: 'ops', environments: states }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** Flips a flag's kill switch in one environment; returns the environment's revision after it. */
export async function setEnabled(base: string, key: string, environment: string, enabled: boolean) {
  const current = await api(base, `/api/v1/flags/${key}`);
  const res = await api(base, `/api/v1/flags/${key}/environments/${environment}`, {
    method: 'PATCH',
    headers: { 'if-match': current.headers.get('etag') ?? '' },
    body: JSON.stringify({ enabled }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const env = await api(base, `/api/v1/environments/${environment}`);
  return ((await env.json()) as { revision: number }).revision;
}
