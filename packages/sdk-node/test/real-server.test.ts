/**
 * Both SDKs against the real Flagstaff server, black box: the server runs as its own process
 * (`apps/server/src/server.ts`, embedded PostgreSQL in a temporary folder, no Redis) and is driven
 * over its public REST API only. Skipped until the server has its SDK endpoints (apps/server/src/delivery).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient as createBrowserClient } from '../../sdk-browser/src/index.ts';
import { until } from '../../sdk-core/test/protocol-double.ts';
import { createClient } from '../src/index.ts';

const serverDir = fileURLToPath(new URL('../../../apps/server/', import.meta.url));
const landed = existsSync(join(serverDir, 'src/delivery/delivery-routes.ts'));
const ADMIN = 'fs_admin_sdk-integration-0123456789abcdef';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.skipIf(!landed)('SDKs against the real server', () => {
  let dataDir: string;
  let port: number;
  let url: string;
  let server: ChildProcess | undefined;

  async function startServer() {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: serverDir,
      env: {
        ...env,
        PORT: String(port),
        FLAGSTAFF_DATA_DIR: dataDir,
        FLAGSTAFF_ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await vi.waitFor(
      async () => {
        const res = await fetch(`${url}/readyz`);
        if (!res.ok) throw new Error(`readyz ${res.status}`);
      },
      { timeout: 60_000, interval: 100 },
    );
  }

  async function stopServer() {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
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
    return { json: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') ?? '' };
  }

  async function patchState(flag: string, patch: Record<string, unknown>) {
    const { etag } = await api('GET', `/flags/${flag}`);
    await api('PATCH', `/flags/${flag}/environments/production`, patch, { 'if-match': etag });
  }

  async function key(kind: 'server' | 'client'): Promise<string> {
    return (await api('POST', '/credentials', { kind, name: `sdk-${kind}`, environment: 'production' })).json
      .token;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flagstaff-sdk-it-'));
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await startServer();
  }, 90_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await stopServer();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves both SDKs, pushes a change, and survives the server going away', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.05); // reconnect waits of at most 5% of the backoff ceiling
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await api('POST', '/flags', { key: 'new_checkout_flow', type: 'release', owner: 'checkout', expiresAt });
    await patchState('new_checkout_flow', { clientVisible: true, enabled: false });
    const node = createClient({ url, sdkKey: await key('server') });
    const browser = createBrowserClient({
      url,
      clientKey: await key('client'),
      context: { key: 'u1' },
      storage: null,
    });
    const errors: unknown[] = [];
    node.on('error', (e) => errors.push(e));
    expect(await node.ready({ timeout: 10_000 })).toBe('network');
    expect(await browser.ready({ timeout: 10_000 })).toBe('network');
    // The server refreshes its copy just after a write commits: the first snapshot may predate the last write.
    await until(() => node.explain('new_checkout_flow', { key: 'u1' }).reason === 'DISABLED', 5000);
    await until(() => browser.explain('new_checkout_flow').reason === 'DISABLED', 5000);

    await patchState('new_checkout_flow', { enabled: true });
    await until(() => node.explain('new_checkout_flow', { key: 'u1' }).reason !== 'DISABLED', 5000);
    await until(() => browser.explain('new_checkout_flow').reason !== 'DISABLED', 5000);

    await stopServer();
    await until(() => node.stale && browser.stale, 10_000);
    const served = node.explain('new_checkout_flow', { key: 'u1' });
    expect(browser.explain('new_checkout_flow')).toEqual(served);

    await startServer();
    await patchState('new_checkout_flow', { enabled: false });
    await until(() => node.explain('new_checkout_flow', { key: 'u1' }).reason === 'DISABLED', 10_000);
    await until(() => browser.explain('new_checkout_flow').reason === 'DISABLED' && !browser.stale, 10_000);
    expect(node.stale).toBe(false);
    await node.close();
    browser.close();
    expect(errors.filter((e) => (e as { code: string }).code === 'UNAUTHORIZED')).toEqual([]);
  }, 120_000);
});
