/**
 * The Node client over HTTP against the PROTOCOL TEST DOUBLE (packages/sdk-core/test/protocol-double.ts):
 * a local node:http server speaking docs/sdk-protocol.md, not the real Flagstaff server.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  event,
  type ProtocolDouble,
  snapshotOf,
  startProtocolDouble,
  until,
} from '../../sdk-core/test/protocol-double.ts';
import { createFileStore } from '../src/file-store.ts';
import { type ClientOptions, createClient, type FlagstaffClient, type FlagstaffError } from '../src/index.ts';

const user = { userId: 'u1' };
let server: ProtocolDouble;
const clients: FlagstaffClient[] = [];

function client(options: Partial<ClientOptions> = {}): FlagstaffClient {
  const c = createClient({ url: server.url, sdkKey: 'srv_test', metrics: false, ...options });
  clients.push(c);
  return c;
}

function record<T>(c: FlagstaffClient, name: 'change' | 'error' | 'stale' | 'ready'): T[] {
  const seen: T[] = [];
  c.on(name, ((payload: T) => seen.push(payload)) as never);
  return seen;
}

beforeEach(async () => {
  // Reconnect delays of 0–10 ms ceilings instead of 0–1 s: same code path, faster tests.
  vi.spyOn(Math, 'random').mockReturnValue(0.01);
  server = await startProtocolDouble(snapshotOf(1, { checkout: true }));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  vi.restoreAllMocks();
});

describe('Node client', () => {
  it('is ready from the network and evaluates synchronously', async () => {
    const c = client();
    expect(c.isEnabled('checkout', user)).toBe(false); // before any snapshot: the default
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    expect(c.isEnabled('checkout', user)).toBe(true);
    expect(c.variant('checkout', user)).toBe('on');
    expect(c.revision).toBe(1);
    expect(c.explain('checkout', user)).toMatchObject({ value: true, variant: 'on', reason: 'DEFAULT' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer srv_test');
  });

  it('emits ready once, and close is idempotent and ends ready waits', async () => {
    const c = client();
    const ready = record<string>(c, 'ready');
    await c.ready({ timeout: 2000 });
    server.publish(snapshotOf(2, { checkout: false }));
    await until(() => c.revision === 2);
    expect(ready).toEqual(['network']);
    await Promise.all([c.close(), c.close()]);
    expect(await c.ready({ timeout: 10_000 })).toBe('network');
    await until(() => server.openStreams === 0);
  });

  it('does not wait for ready to end when closed first', async () => {
    await server.stop();
    const c = client({ bootstrap: snapshotOf(2, { checkout: true }) });
    const waiting = c.ready({ timeout: 60_000 });
    await c.close();
    expect(await waiting).toBe('bootstrap');
  });

  it('applies a change pushed over the stream and says which flags changed', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const changes = record<{ revision: number; previousRevision: number; flags: string[] }>(c, 'change');
    server.publish(snapshotOf(2, { checkout: false, search: true }));
    await until(() => c.revision === 2);
    expect(c.isEnabled('checkout', user)).toBe(false);
    expect(changes).toEqual([
      { revision: 2, previousRevision: 1, source: 'network', flags: ['checkout', 'search'] },
    ]);
  });

  it('never goes back: an older or repeated revision is ignored', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    server.publish(snapshotOf(5, { checkout: false }));
    await until(() => c.revision === 5);
    server.write(event(snapshotOf(3, { checkout: true })));
    server.write(event(snapshotOf(5, { checkout: true })));
    server.write(event(snapshotOf(6, { checkout: false, marker: true })));
    await until(() => c.revision === 6);
    expect(c.isEnabled('checkout', user)).toBe(false);
  });

  it('ignores malformed and truncated events without corrupting the snapshot', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const errors = record<FlagstaffError>(c, 'error');
    server.write('event: snapshot\ndata: {"schemaVersion":1,"revision":9,"flags":"nope","segments":[]}\n\n');
    server.write('event: snapshot\ndata: {{{\n\n');
    server.write('id: 10\nevent: snapshot\ndata: {"schemaVersion":1,"revision":10,"flags":[');
    server.dropStreams(); // the truncated event dies with the connection
    await until(() => errors.length >= 2);
    expect(c.revision).toBe(1);
    expect(c.isEnabled('checkout', user)).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['BAD_SNAPSHOT', 'BAD_SNAPSHOT']);
    await until(() => server.openStreams === 1); // reconnected
  });

  it('starts from a bootstrap snapshot when the server is away', async () => {
    await server.stop();
    const c = client({ bootstrap: snapshotOf(4, { checkout: true }) });
    expect(c.isEnabled('checkout', user)).toBe(true); // at once, before ready
    expect(await c.ready({ timeout: 300 })).toBe('bootstrap');
    expect(c.stale).toBe(true);
  });

  it('resolves ready with timeout when it has nothing, and never rejects', async () => {
    await server.stop();
    const c = client();
    expect(await c.ready({ timeout: 200 })).toBe('timeout');
    expect(c.getString('anything', user, 'fallback')).toBe('fallback');
  });

  it('persists the network snapshot and starts from it next time', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'flagstaff-')), 'nested', 'snapshot.json');
    const first = client({ persist: createFileStore(path) });
    await first.ready({ timeout: 2000 });
    while (!(await exists(path))) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(JSON.parse(await readFile(path, 'utf8')).revision).toBe(1);
    await first.close();
    await server.stop();
    const second = client({ persist: createFileStore(path) });
    expect(await second.ready({ timeout: 300 })).toBe('persisted');
    expect(second.isEnabled('checkout', user)).toBe(true);
  });

  it('reports a broken persisted copy and goes on', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'flagstaff-')), 'snapshot.json');
    await writeFile(path, '{ not json');
    const c = client({ persist: createFileStore(path) });
    const errors = record<FlagstaffError>(c, 'error');
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    await until(() => errors.some((e) => e.code === 'STORE'));
    expect(c.isEnabled('checkout', user)).toBe(true);
  });

  it('reports a refused key once, does not retry, and is ready at once', async () => {
    const c = client({ sdkKey: 'srv_revoked' });
    const errors = record<FlagstaffError>(c, 'error');
    const started = Date.now();
    expect(await c.ready({ timeout: 5000 })).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors.map((e) => [e.code, e.status])).toEqual([['UNAUTHORIZED', 401]]);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a key of the wrong kind (403) the same way', async () => {
    server.keys.set('cli_browser', 403);
    const c = client({ sdkKey: 'cli_browser' });
    const errors = record<FlagstaffError>(c, 'error');
    await c.ready({ timeout: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    expect(server.requests).toHaveLength(1);
  });

  it('serves the last snapshot while the server is away, reports stale, and catches up when it returns', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const stale = record<{ stale: boolean }>(c, 'stale');
    await server.stop();
    await until(() => c.stale);
    for (let i = 0; i < 100; i++) expect(c.isEnabled('checkout', { userId: `u${i}` })).toBe(true);
    server.publish(snapshotOf(7, { checkout: false })); // changed while away
    await server.start();
    await until(() => c.revision === 7);
    expect(c.isEnabled('checkout', user)).toBe(false);
    await until(() => !c.stale);
    expect(stale).toEqual([{ stale: true }, { stale: false }]);
  });

  it('reconnects a connection that sends nothing (half-open)', async () => {
    server.silent = true;
    const c = client({ readTimeout: 200 });
    const errors = record<FlagstaffError>(c, 'error');
    await until(() => errors.some((e) => e.code === 'READ_TIMEOUT'));
    server.silent = false;
    expect(await c.ready({ timeout: 3000 })).toBe('network');
  });

  it('falls back to ETag polling when the stream is unavailable', async () => {
    server.streamStatus = 404;
    const c = client({ pollInterval: 50 });
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    server.publish(snapshotOf(2, { checkout: false }));
    await until(() => c.revision === 2);
    const polls = server.requests.filter((r) => r.path === '/api/v1/sdk/snapshot');
    expect(polls.some((r) => r.headers['if-none-match'] === '"1"')).toBe(true);
  });

  it('polls only, when streaming is off', async () => {
    const c = client({ streaming: false, pollInterval: 50 });
    await c.ready({ timeout: 2000 });
    server.publish(snapshotOf(3, { checkout: false }));
    await until(() => c.revision === 3);
    expect(server.requests.every((r) => r.path === '/api/v1/sdk/snapshot')).toBe(true);
  });

  it('counts evaluations per flag and variant and posts them at close', async () => {
    const c = client({ metrics: { interval: 60_000 } });
    await c.ready({ timeout: 2000 });
    for (let i = 0; i < 3; i++) c.isEnabled('checkout', { userId: `u${i}` });
    c.variant('checkout', user);
    c.isEnabled('missing', user);
    await c.close();
    const posts = server.requests.filter((r) => r.path === '/api/v1/sdk/metrics');
    expect(posts).toHaveLength(1);
    const body = JSON.parse(posts[0]!.body);
    // A fixed fallthrough variant (no percentage gate): cohort `other`; the missing flag has no variant.
    expect(body.signals).toEqual([
      { flag: 'checkout', version: 0, variant: 'on', cohort: 'other', exposures: 4 },
    ]);
    expect(body.batchId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(Date.parse(body.end)).toBeGreaterThanOrEqual(Date.parse(body.start));
  });

  it('never throws into the application', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const hostile = {
      get userId(): string {
        throw new Error('boom');
      },
    };
    const inputs: unknown[] = [null, undefined, 42, 'x', [], hostile, { userId: {} }];
    for (const context of inputs) {
      expect(c.isEnabled('checkout', context as never, true)).toBeTypeOf('boolean');
      expect(() => c.variant('checkout', context as never)).not.toThrow();
      expect(() => c.explain(undefined as never, context as never)).not.toThrow();
      expect(c.getNumber('checkout', context as never, 3)).toBe(3);
      expect(c.getJson('nope', context as never, { a: 1 })).toEqual({ a: 1 });
    }
    c.on('change', () => {
      throw new Error('a listener bug');
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server.publish(snapshotOf(2, { checkout: false }));
    await until(() => c.revision === 2);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(c.isEnabled('checkout', user)).toBe(false);
  });
});

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}
