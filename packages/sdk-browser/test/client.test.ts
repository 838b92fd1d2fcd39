/**
 * The browser client's logic, run in Node against the PROTOCOL TEST DOUBLE
 * (packages/sdk-core/test/protocol-double.ts), a local node:http server speaking docs/sdk-protocol.md.
 * The same client in Chromium against the real server: chromium.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ProtocolDouble,
  snapshotOf,
  startProtocolDouble,
  until,
} from '../../sdk-core/test/protocol-double.ts';
import {
  type ChangeEvent,
  type ClientOptions,
  createClient,
  type FlagstaffBrowserClient,
  type FlagstaffError,
  type KeyValueStorage,
  type Snapshot,
} from '../src/index.ts';
import { NodeEventSource } from './support/node-event-source.ts';

function memoryStorage(
  initial: Record<string, string> = {},
): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

/** `beta` is on for country FR only; `banner` is on for everyone. */
function snapshot(revision: number, bannerOn = true): Snapshot {
  const base = snapshotOf(revision, { beta: false, banner: bannerOn });
  base.flags[0]!.rules = [
    { id: 'fr', conditions: [{ op: 'eq', attribute: 'country', value: 'FR' }], serve: { variant: 'on' } },
  ];
  return base;
}

let server: ProtocolDouble;
const clients: FlagstaffBrowserClient[] = [];
function client(options: Partial<ClientOptions> = {}): FlagstaffBrowserClient {
  const c = createClient({
    url: server.url,
    clientKey: 'cli_test',
    context: { key: 'u1', country: 'DE' },
    storage: memoryStorage(),
    EventSource: NodeEventSource,
    ...options,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.01);
  server = await startProtocolDouble(snapshot(1), 'cli_test');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
  vi.restoreAllMocks();
});

describe('browser client', () => {
  it('reads synchronously after ready, sending the client key as ?key=', async () => {
    const c = client();
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    expect(c.isEnabled('banner')).toBe(true);
    expect(c.isEnabled('beta')).toBe(false);
    expect(c.variant('banner')).toBe('on');
    expect(c.explain('beta')).toMatchObject({ reason: 'DEFAULT', variant: 'off' });
    expect(server.requests[0]?.path).toBe('/api/v1/sdk/stream');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('identify re-evaluates at once and reports the flags that differ for the new user', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const changes: ChangeEvent[] = [];
    c.on('change', (e) => changes.push(e));
    c.identify({ key: 'u2', country: 'FR' });
    expect(c.isEnabled('beta')).toBe(true);
    expect(changes).toEqual([{ flags: ['beta'], revision: 1, source: 'identify' }]);
    c.identify({ key: 'u3', country: 'FR' });
    expect(changes).toHaveLength(1); // nothing differs: no event
  });

  it('reports a pushed change only for the flags that differ for this user', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const changes: ChangeEvent[] = [];
    c.on('change', (e) => changes.push(e));
    server.publish(snapshot(2, false));
    await until(() => c.revision === 2);
    expect(changes).toEqual([{ flags: ['banner'], revision: 2, source: 'network' }]);
    expect(c.isEnabled('banner')).toBe(false);
  });

  it('keeps a copy in storage, so the next page load shows flags before the network answers', async () => {
    const storage = memoryStorage();
    const first = client({ storage });
    await first.ready({ timeout: 2000 });
    expect(JSON.parse(storage.items.get('flagstaff:cli_test')!).revision).toBe(1);
    first.close();
    await server.stop();
    const reloaded = client({ storage });
    expect(reloaded.isEnabled('banner')).toBe(true); // synchronously, no await
    // The server is down: ready() resolves as soon as the first attempt fails, not at its timeout.
    const started = Date.now();
    expect(await reloaded.ready({ timeout: 5000 })).toBe('persisted');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reloaded.stale).toBe(true);
    expect(reloaded.isEnabled('banner')).toBe(true);
  });

  it('waits for the network while it answers, even with a persisted copy', async () => {
    const storage = memoryStorage({ 'flagstaff:cli_test': JSON.stringify(snapshot(1)) });
    server.publish(snapshot(2, false));
    const c = client({ storage });
    expect(c.isEnabled('banner')).toBe(true);
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    expect(c.isEnabled('banner')).toBe(false);
  });

  it('starts from bootstrap, and a network snapshot of the same revision confirms it', async () => {
    const c = client({ bootstrap: snapshot(1) });
    expect(c.isEnabled('banner')).toBe(true);
    expect(await c.ready({ timeout: 2000 })).toBe('network');
  });

  it('reports storage failures and goes on', async () => {
    const c = client({
      storage: {
        getItem: () => '{broken',
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
    });
    const errors: FlagstaffError[] = [];
    c.on('error', (e) => errors.push(e));
    await c.ready({ timeout: 2000 });
    await until(() => errors.length === 2);
    expect(errors.map((e) => e.code)).toEqual(['STORE', 'STORE']);
    expect(c.isEnabled('banner')).toBe(true);
  });

  it('works without any storage', async () => {
    const c = client({ storage: null });
    expect(await c.ready({ timeout: 2000 })).toBe('network');
  });

  it('reports a refused key once and stops', async () => {
    const c = client({ clientKey: 'cli_unknown' });
    const errors: FlagstaffError[] = [];
    c.on('error', (e) => errors.push(e));
    expect(await c.ready({ timeout: 2000 })).toBe('timeout');
    // A loaded machine may take longer than the ready timeout to fail the stream and poll once.
    await until(() => errors.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors.map((e) => e.code)).toEqual(['UNAUTHORIZED']);
    // EventSource cannot show the status: the failed stream is followed by one poll, which can.
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/sdk/stream', '/api/v1/sdk/snapshot']);
  });

  it('keeps serving while the server is away and catches up when it returns', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    await server.stop();
    await until(() => c.stale);
    expect(c.isEnabled('banner')).toBe(true);
    server.publish(snapshot(3, false));
    await server.start();
    await until(() => c.revision === 3 && !c.stale);
    expect(c.isEnabled('banner')).toBe(false);
    // A new EventSource sends no Last-Event-ID: the revision held travels in the query.
    expect(NodeEventSource.urls.some((u) => u.endsWith('?key=cli_test&lastEventId=1'))).toBe(true);
  });

  it('never throws into the application', async () => {
    const c = client();
    await c.ready({ timeout: 2000 });
    const hostile = {
      get key(): string {
        throw new Error('boom');
      },
      get country(): string {
        throw new Error('boom');
      },
    };
    for (const context of [null, 7, [], hostile] as unknown[]) {
      expect(() => c.identify(context as never)).not.toThrow();
      expect(c.isEnabled('banner', true)).toBe(true);
      expect(c.getString('banner', 'x')).toBe('x');
      expect(c.isEnabled('beta', true)).toBe(true); // the rule cannot be read: the caller's default
      expect(c.explain('beta').reason).toBe('ERROR');
    }
  });
});
