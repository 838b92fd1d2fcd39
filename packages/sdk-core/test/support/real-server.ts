/**
 * The REAL Flagstaff server for the SDKs' integration tests, black box: `apps/server/src/server.ts`
 * runs as its own process (embedded PostgreSQL in a temporary folder, no Redis) and is driven over
 * its public REST API only. Nothing here imports the server. Used by the Node SDK's real-server test
 * and the browser SDK's Chromium test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../../../apps/server/', import.meta.url));
const ADMIN = 'fs_admin_sdk-integration-0123456789abcdef';

export interface RealServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`; the same across `stop` and `start`. */
  readonly url: string;
  /** Calls the admin REST API (`/api/v1` + path); throws on any non-2xx answer. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ json: T; etag: string }>;
  /** Changes a flag's state in one environment (reads the flag's ETag for If-Match first). */
  patchState(flag: string, patch: Record<string, unknown>, environment?: string): Promise<void>;
  /** Creates an SDK key for the environment and returns its token. */
  sdkKey(kind: 'server' | 'client', environment?: string): Promise<string>;
  /** The environment's current revision: what a fully caught-up SDK holds. */
  revision(environment?: string): Promise<number>;
  /** SIGTERM, and waits for the process to exit. The data folder is kept for `start`. */
  stop(): Promise<void>;
  /** Starts the process again, on the same port and data. */
  start(): Promise<void>;
  /** Stops the process and deletes its data folder. Safe to call more than once. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the server on a free port with a fresh embedded database; resolves once /readyz answers. */
export async function startRealServer(): Promise<RealServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flagstaff-sdk-it-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  // If the test process dies before afterAll runs, the server must not outlive it.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function start() {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    const started = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: serverDir,
      env: {
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        FLAGSTAFF_DATA_DIR: dataDir,
        FLAGSTAFF_ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = started;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null)
        throw new Error(`the server exited (${started.exitCode ?? started.signalCode}) before it was ready`);
      const ready = await fetch(`${url}/readyz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error('the server was not ready within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }

  async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return { json: (text ? JSON.parse(text) : undefined) as T, etag: res.headers.get('etag') ?? '' };
  }

  const server: RealServer = {
    url,
    api,
    async patchState(flag, patch, environment = 'production') {
      const { etag } = await api('GET', `/flags/${flag}`);
      await api('PATCH', `/flags/${flag}/environments/${environment}`, patch, { 'if-match': etag });
    },
    async sdkKey(kind, environment = 'production') {
      const body = { kind, name: `sdk-${kind}`, environment };
      return (await api<{ token: string }>('POST', '/credentials', body)).json.token;
    },
    async revision(environment = 'production') {
      return (await api<{ revision: number }>('GET', `/environments/${environment}`)).json.revision;
    },
    stop,
    start,
    async close() {
      await stop();
      process.off('exit', killOnExit);
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await start();
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
