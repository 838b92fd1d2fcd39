/**
 * Both SDKs against the real Flagstaff server, black box: the server runs as its own process
 * (`apps/server/src/server.ts`, embedded PostgreSQL in a temporary folder, no Redis) and is driven
 * over its public REST API only (packages/sdk-core/test/support/real-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient as createBrowserClient } from '../../sdk-browser/src/index.ts';
import { createBrowserMetrics } from '../../sdk-browser/src/metrics/index.ts';
import { NodeEventSource } from '../../sdk-browser/test/support/node-event-source.ts';
import { until } from '../../sdk-core/test/protocol-double.ts';
import { type RealServer, startRealServer } from '../../sdk-core/test/support/real-server.ts';
import { createClient } from '../src/index.ts';

describe('SDKs against the real server', () => {
  let server: RealServer | undefined;

  beforeAll(async () => {
    server = await startRealServer();
  }, 90_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
  });

  it('serves both SDKs, pushes a change, and survives the server going away', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.05); // reconnect waits of at most 5% of the backoff ceiling
    const { url, api, patchState, sdkKey, stop, start } = server!;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await api('POST', '/flags', { key: 'new_checkout_flow', type: 'release', owner: 'checkout', expiresAt });
    await patchState('new_checkout_flow', { clientVisible: true, enabled: false });
    const node = createClient({ url, sdkKey: await sdkKey('server') });
    const browser = createBrowserClient({
      EventSource: NodeEventSource,
      url,
      clientKey: await sdkKey('client'),
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

    await stop();
    await until(() => node.stale && browser.stale, 10_000);
    const served = node.explain('new_checkout_flow', { key: 'u1' });
    expect(browser.explain('new_checkout_flow')).toEqual(served);

    await start();
    await patchState('new_checkout_flow', { enabled: false });
    await until(() => node.explain('new_checkout_flow', { key: 'u1' }).reason === 'DISABLED', 10_000);
    await until(() => browser.explain('new_checkout_flow').reason === 'DISABLED' && !browser.stale, 10_000);
    expect(node.stale).toBe(false);
    await node.close();
    browser.close();
    expect(errors.filter((e) => (e as { code: string }).code === 'UNAUTHORIZED')).toEqual([]);
  }, 120_000);

  it('the Node SDK follows changes as patch events, and equals a client that takes whole snapshots', async () => {
    const { url, api, patchState, sdkKey } = server!;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const key of ['patched_one', 'patched_two']) {
      await api('POST', '/flags', { key, type: 'release', owner: 'checkout', expiresAt });
    }
    // Record the stream's event kinds without touching the SDK: a fetch that tees the body.
    const kinds: string[] = [];
    const recording = async (input: string, init: RequestInit) => {
      const response = await fetch(input, init);
      if (!input.includes('/sdk/stream') || response.body === null) return response;
      const [mine, theirs] = response.body.tee();
      void (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of mine as unknown as AsyncIterable<Uint8Array>) {
          for (const match of decoder.decode(chunk, { stream: true }).matchAll(/^event: (\w+)$/gm)) {
            kinds.push(match[1]!);
          }
        }
      })().catch(() => {});
      return new Response(theirs, response);
    };
    const key = await sdkKey('server');
    const patched = createClient({ url, sdkKey: key, fetch: recording, metrics: false });
    const whole = createClient({ url, sdkKey: key, patches: false, metrics: false });
    expect(await patched.ready({ timeout: 10_000 })).toBe('network');
    expect(await whole.ready({ timeout: 10_000 })).toBe('network');

    await patchState('patched_one', { enabled: true, fallthrough: { variant: 'on', percentage: 30 } });
    await patchState('patched_two', { enabled: true });
    await api('POST', '/flags', { key: 'patched_three', type: 'release', owner: 'checkout', expiresAt });
    const caughtUp = (c: typeof patched) => c.explain('patched_three', { key: 'u' }).errorCode === undefined;
    await until(() => caughtUp(patched) && caughtUp(whole), 5000);
    await until(() => kinds.includes('patch'), 5000);
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) {
      for (const flag of ['patched_one', 'patched_two', 'patched_three']) {
        expect(patched.explain(flag, { key: user })).toEqual(whole.explain(flag, { key: user }));
      }
    }
    expect(kinds[0]).toBe('snapshot');
    await patched.close();
    await whole.close();
  }, 60_000);

  it('the browser SDK reports evaluation counts the way a page can, and the server takes them', async () => {
    const { url, api, patchState, sdkKey } = server!;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await api('POST', '/flags', { key: 'counted_flag', type: 'release', owner: 'checkout', expiresAt });
    await patchState('counted_flag', { clientVisible: true, enabled: true });
    const clientKey = await sdkKey('client');
    const answers: number[] = [];
    const metrics = createBrowserMetrics({
      url,
      clientKey,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        answers.push(response.status);
        return response;
      },
      target: new EventTarget(),
    });
    const browser = createBrowserClient({
      EventSource: NodeEventSource,
      url,
      clientKey,
      context: { key: 'u1' },
      storage: null,
      metrics,
    });
    expect(await browser.ready({ timeout: 10_000 })).toBe('network');
    await until(() => browser.explain('counted_flag').errorCode === undefined, 5000);
    for (let i = 0; i < 5; i += 1) browser.isEnabled('counted_flag');
    metrics.flush();
    await until(() => answers.length > 0, 5000);
    expect(answers).toEqual([202]);
    metrics.close();
    browser.close();
  }, 60_000);
});
