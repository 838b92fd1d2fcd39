/**
 * `@flagstaff/browser/metrics`: evaluation counts per flag and variant, reported to
 * `POST /api/v1/sdk/metrics` the way a page can without a CORS preflight (the client key as `?key=`,
 * the JSON as `text/plain`; docs/sdk-protocol.md), every `interval` and with `navigator.sendBeacon`
 * when the page is hidden or left, so the last counts are not lost. Its own entry point: the core SDK
 * does not carry it. Nothing here throws into the page; a report that cannot be sent is dropped.
 *
 * @example
 * const metrics = createBrowserMetrics({ url, clientKey });
 * const flags = createClient({ url, clientKey, context, metrics });
 */
import type { Fetch } from '@flagstaff/sdk-core';

export interface BrowserMetricsOptions {
  /** The Flagstaff server. */
  url: string;
  /** The client key the page uses. */
  clientKey: string;
  /** How often counts are sent, in ms. @default 60000 */
  interval?: number;
  /** @default globalThis.fetch */
  fetch?: Fetch;
  /** @default globalThis.navigator?.sendBeacon */
  sendBeacon?: (url: string, body: string) => boolean;
  /** Where `pagehide` / `visibilitychange` are heard. @default globalThis (window) */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** @default () => document.visibilityState */
  visibility?: () => string;
}

export interface BrowserMetrics {
  /** Counts one evaluation: what the client calls for each read. */
  count(flag: string, variant: string): void;
  /** Sends what was counted since the last report (fetch, keepalive). */
  flush(): void;
  /** Sends the last counts by beacon and stops. */
  close(): void;
}

/** The server's limit on flags per report (larger batches are split). */
const MAX_FLAGS = 1000;

export function createBrowserMetrics(o: BrowserMetricsOptions): BrowserMetrics {
  const endpoint = `${o.url.replace(/\/+$/, '')}/api/v1/sdk/metrics?key=${encodeURIComponent(o.clientKey)}`;
  const g = globalThis as unknown as {
    fetch?: Fetch;
    navigator?: { sendBeacon?: (url: string, body: string) => boolean };
    document?: { visibilityState?: string };
  };
  const post = o.fetch ?? g.fetch;
  const beacon = o.sendBeacon ?? g.navigator?.sendBeacon?.bind(g.navigator);
  const target = o.target ?? (globalThis as unknown as BrowserMetricsOptions['target']);
  const visibility = o.visibility ?? (() => g.document?.visibilityState ?? 'visible');
  let counts: Record<string, Record<string, number>> = {};
  let flags = 0;
  let start = Date.now();

  /** The reports for what was counted, emptied: at most MAX_FLAGS flags each. */
  function take(): string[] {
    if (flags === 0) return [];
    const end = new Date().toISOString();
    const window = { start: new Date(start).toISOString(), end };
    const entries = Object.entries(counts);
    counts = {};
    flags = 0;
    start = Date.now();
    const reports: string[] = [];
    for (let i = 0; i < entries.length; i += MAX_FLAGS) {
      reports.push(JSON.stringify({ ...window, flags: Object.fromEntries(entries.slice(i, i + MAX_FLAGS)) }));
    }
    return reports;
  }

  /** One report by fetch: text/plain is a simple request (no preflight); keepalive outlives the page. */
  function send(body: string): void {
    try {
      void post?.(endpoint, {
        method: 'POST',
        body,
        keepalive: true,
        headers: { 'content-type': 'text/plain' },
      })
        .then((r) => r.body?.cancel())
        .catch(() => {});
    } catch {
      // Best effort: a report that cannot be sent is dropped, never thrown into the page.
    }
  }

  function flush(): void {
    for (const body of take()) send(body);
  }

  /** The page is going away: the beacon is what browsers still deliver; fetch when it is refused. */
  function flushByBeacon(): void {
    for (const body of take()) {
      let queued = false;
      try {
        queued = beacon?.(endpoint, body) ?? false;
      } catch {
        // Falls back to fetch below.
      }
      if (!queued) send(body);
    }
  }

  const onHide = () => {
    if (visibility() === 'hidden') flushByBeacon();
  };
  const timer = setInterval(flush, o.interval ?? 60_000);
  target?.addEventListener('visibilitychange', onHide);
  target?.addEventListener('pagehide', flushByBeacon);

  return {
    count(flag, variant) {
      let variants = counts[flag];
      if (variants === undefined) {
        variants = {};
        counts[flag] = variants;
        flags += 1;
      }
      variants[variant] = (variants[variant] ?? 0) + 1;
    },
    flush,
    close() {
      clearInterval(timer);
      target?.removeEventListener('visibilitychange', onHide);
      target?.removeEventListener('pagehide', flushByBeacon);
      flushByBeacon();
    },
  };
}
