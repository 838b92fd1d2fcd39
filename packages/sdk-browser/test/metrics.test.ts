/**
 * `@flagstaff/browser/metrics`: batching, the preflight-free report, the beacon on hide, and that
 * nothing throws into the page. The real server takes these reports in
 * packages/sdk-node/test/real-server.test.ts and in Chromium in
 * apps/server/test/delivery/sdk-cors-chromium.test.ts.
 */
import type { SignalEntry } from '@flagstaff/sdk-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotOf } from '../../sdk-core/test/protocol-double.ts';
import { createClient } from '../src/index.ts';
import { type BrowserMetrics, createBrowserMetrics } from '../src/metrics/index.ts';

function read(text: string): Sent['body'] {
  const body = JSON.parse(text);
  const flags: Record<string, Record<string, number>> = {};
  for (const e of body.signals as SignalEntry[]) {
    flags[e.flag] ??= {};
    const variants = flags[e.flag]!;
    variants[e.variant] = (variants[e.variant] ?? 0) + e.exposures;
  }
  return { ...body, flags };
}

interface Sent {
  via: 'fetch' | 'beacon';
  url: string;
  body: {
    batchId: string;
    start: string;
    end: string;
    signals: SignalEntry[];
    /** Exposures per flag and variant, summed from `signals` (for reading the tests). */
    flags: Record<string, Record<string, number>>;
  };
  contentType?: string | undefined;
}

function harness(beaconAccepts = true) {
  const sent: Sent[] = [];
  const page = new EventTarget();
  let visibility = 'visible';
  const metrics = createBrowserMetrics({
    url: 'https://flags.test/',
    clientKey: 'fs_client_k+1',
    interval: 60_000,
    fetch: async (url, init) => {
      sent.push({
        via: 'fetch',
        url,
        body: read(String(init.body)),
        contentType: (init.headers as Record<string, string>)['content-type'],
      });
      return new Response(null, { status: 202 });
    },
    sendBeacon: (url, body) => {
      if (beaconAccepts) sent.push({ via: 'beacon', url, body: read(body) });
      return beaconAccepts;
    },
    target: page,
    visibility: () => visibility,
  });
  const hide = () => {
    visibility = 'hidden';
    page.dispatchEvent(new Event('visibilitychange'));
  };
  return { metrics, sent, page, hide };
}

describe('browser metrics', () => {
  let metrics: BrowserMetrics | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-26T10:00:00Z') });
  });
  afterEach(() => {
    metrics?.close();
    vi.useRealTimers();
  });

  it('counts per flag and variant and reports every interval as text/plain with the key in the query', async () => {
    const h = harness();
    metrics = h.metrics;
    h.metrics.count('checkout', 'on');
    h.metrics.count('checkout', 'on');
    h.metrics.count('checkout', 'off');
    h.metrics.count('banner', 'blue');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({
      via: 'fetch',
      url: 'https://flags.test/api/v1/sdk/metrics?key=fs_client_k%2B1',
      contentType: 'text/plain',
      body: {
        start: '2026-11-26T10:00:00.000Z',
        end: '2026-11-26T10:01:00.000Z',
        flags: { checkout: { on: 2, off: 1 }, banner: { blue: 1 } },
      },
    });
    // Nothing counted since: nothing sent.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sent).toHaveLength(1);
  });

  it('sends what is left by beacon when the page is hidden, and by fetch when the beacon is refused', () => {
    const h = harness();
    metrics = h.metrics;
    h.metrics.count('checkout', 'on');
    h.hide();
    expect(h.sent.map((s) => [s.via, s.body.flags])).toEqual([['beacon', { checkout: { on: 1 } }]]);

    const refused = harness(false);
    refused.metrics.count('checkout', 'off');
    refused.page.dispatchEvent(new Event('pagehide'));
    expect(refused.sent.map((s) => s.via)).toEqual(['fetch']);
    refused.metrics.close();
  });

  it('splits reports at the server limit of 2,000 entries, each with its own batch id', async () => {
    const h = harness();
    metrics = h.metrics;
    for (let i = 0; i < 2_500; i += 1) h.metrics.count(`flag_${i}`, 'on');
    h.metrics.flush();
    expect(h.sent.map((s) => s.body.signals.length)).toEqual([2000, 500]);
    expect(h.sent[0]!.body.batchId).not.toBe(h.sent[1]!.body.batchId);
  });

  it('reports the version and cohort of each read, and conversions against the last read', async () => {
    const h = harness();
    metrics = h.metrics;
    const snapshot = snapshotOf(1, { checkout: true });
    snapshot.flags[0]!.version = 9;
    snapshot.flags[0]!.fallthrough = { variant: 'on', percentage: 50 };
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const cohorts: string[] = [];
    for (const key of users) {
      const client = createClient({
        url: 'https://flags.test',
        clientKey: 'k',
        context: { key },
        bootstrap: snapshot,
        storage: null,
        streaming: false,
        fetch: () => new Promise(() => {}),
        metrics: h.metrics,
      });
      client.isEnabled('checkout');
      cohorts.push(client.explain('checkout').reason === 'ROLLOUT' ? 'treatment' : 'control');
      client.close();
    }
    h.metrics.track('purchase');
    h.metrics.track('purchase', ['checkout', 'never_read']);
    h.metrics.flush();
    const signals = h.sent[0]!.body.signals;
    // At 50% everyone the gate keeps out is control; the last reader's cohort gets the conversions.
    const count = (cohort: string) =>
      signals.filter((e) => e.cohort === cohort).reduce((n, e) => n + e.exposures, 0);
    expect(count('treatment')).toBe(cohorts.filter((c) => c === 'treatment').length);
    expect(count('control')).toBe(cohorts.filter((c) => c === 'control').length);
    expect(signals.every((e) => e.version === 9 && e.flag === 'checkout')).toBe(true);
    const converted = signals.filter((e) => e.conversions);
    expect(converted).toHaveLength(1);
    expect(converted[0]).toMatchObject({ cohort: cohorts.at(-1), conversions: { purchase: 2 } });
  });

  it('never throws into the page, whatever fetch and the beacon do', () => {
    metrics = createBrowserMetrics({
      url: 'https://flags.test',
      clientKey: 'k',
      fetch: () => {
        throw new TypeError('no network');
      },
      sendBeacon: () => {
        throw new Error('beacon broken');
      },
      target: new EventTarget(),
    });
    metrics.count('a', 'on');
    expect(() => metrics?.flush()).not.toThrow();
    metrics.count('a', 'on');
    expect(() => metrics?.close()).not.toThrow();
  });

  it('is fed by the client: each read counts its variant, explanations do not', () => {
    const counted: string[] = [];
    const client = createClient({
      url: 'https://flags.test',
      clientKey: 'k',
      context: { key: 'u1' },
      bootstrap: snapshotOf(1, { checkout: true, legacy: false }),
      storage: null,
      streaming: false,
      fetch: () => new Promise(() => {}),
      metrics: { count: (flag, variant) => counted.push(`${flag}:${variant}`) },
    });
    client.isEnabled('checkout');
    client.variant('legacy');
    client.isEnabled('missing');
    client.explain('checkout');
    client.close();
    expect(counted).toEqual(['checkout:on', 'legacy:off']);
  });
});
