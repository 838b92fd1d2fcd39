import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ADMIN_TOKEN = 'fs_admin_bench-delivery-token-0123456789';
export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

export function requireEnv(name: 'DATABASE_URL' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name}: the delivery benchmarks measure the real PostgreSQL and Redis.`);
    process.exit(1);
  }
  return value;
}

/** A fresh database next to the one in DATABASE_URL. */
export async function recreateDatabase(base: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs `script` (relative to apps/server) with node and tsx, under a raised file-descriptor limit,
 * and waits until `readyPath` answers 200.
 */
export async function startChild(
  script: string,
  env: Record<string, string>,
  readyPath = '/readyz',
  /** Another checkout's apps/server (a baseline measured in the same run). */
  serverDir = SERVER_DIR,
): Promise<Child> {
  const port = await freePort();
  // The hard limit may be low for a non-root user: take what is allowed.
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "${process.execPath}" --import tsx ${script}`;
  const child = spawn('bash', ['-c', command], {
    cwd: serverDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      FLAGSTAFF_ADMIN_TOKEN: ADMIN_TOKEN,
      FLAGSTAFF_DOCS: 'false',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Two minutes: a first start on embedded PostgreSQL creates its database (10 to 30 s when idle).
  for (let i = 0; i < 1200; i++) {
    const ok = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      return {
        url,
        pid: child.pid!,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready in 120 s`);
}

export function startServer(env: Record<string, string>): Promise<Child> {
  return startChild('src/server.ts', env);
}

export async function admin(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
}

export async function createSdkKey(
  base: string,
  kind: 'server' | 'client',
  environment: string,
): Promise<string> {
  const res = await admin(base, '/api/v1/credentials', {
    method: 'POST',
    body: JSON.stringify({ kind, name: `bench-${kind}`, environment }),
  });
  if (res.status !== 201) throw new Error(`credential: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** `count` realistic flags in `environment`: enabled, a rule on an attribute, a 25% rollout. */
export async function seedFlags(base: string, count: number, environment = 'production'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await admin(base, '/api/v1/flags', {
      method: 'POST',
      body: JSON.stringify({
        key: `bench_flag_${i}`,
        type: 'ops',
        description: `Benchmark flag ${i}`,
        environments: {
          [environment]: {
            enabled: true,
            rules: [
              {
                id: 'beta',
                conditions: [{ op: 'in', attribute: 'country', values: ['NZ', 'AU', 'CA'] }],
                serve: { variant: 'on' },
              },
            ],
            fallthrough: { variant: 'on', percentage: 25 },
          },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`flag ${i}: ${res.status} ${await res.text()}`);
  }
}

/** Resident memory of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return kb * 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
