/**
 * `@flagstaff/browser/metrics`: exposures per flag version, variant and cohort, and conversion
 * events (`track`), reported to
 * `POST /api/v1/sdk/metrics` the way a page can without a CORS preflight (the client key as `?key=`,
 * the JSON as `text/plain`; docs/sdk-protocol.md), every `interval` and with `navigator.sendBeacon`
 * when the page is hidden or left, so the last counts are not lost. Its own entry point: the core SDK
 * does not carry it. Nothing here throws into the page; a report that cannot be sent is dropped.
 *
 * @example
 * const metrics = createBrowserMetrics({ url, clientKey });
 * const flags = createClient({ url, clientKey, context, metrics });
 */
import { COHORTS, servedCohort, servedFlag } from '@flagstaff/evaluator';
import type { Fetch, SignalEntry } from '@flagstaff/sdk-core';

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
  /**
   * Counts one evaluation: what the client calls right after each read (the evaluator still holds
   * the read's flag and decision, from which the version and cohort come).
   */
  count(flag: string, variant: string): void;
  /**
   * Counts a conversion event (`purchase`, `signup`) of the page's user, attributed to the variant
   * and cohort of the user's last read of each flag in `flags`; without `flags`, of every flag read
   * so far. Names beyond letters, digits and `_.:-` (1 to 64) are cleaned; past 20 names per flag
   * and variant, events count as `other`.
   */
  track(event: string, flags?: readonly string[]): void;
  /** Sends what was counted since the last report (fetch, keepalive). */
  flush(): void;
  /** Sends the last counts by beacon and stops. */
  close(): void;
}

/** The server's limit on entries per report (larger batches are split). */
const MAX_ENTRIES = 2000;
const MAX_NAMES = 20;

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
  /** Entries by flag, version, variant and cohort; and the key of each flag's last read. */
  let entries = new Map<string, SignalEntry>();
  const last = new Map<string, { key: string; entry: Omit<SignalEntry, 'exposures'> }>();
  let start = Date.now();

  /** The reports for what was counted, emptied: at most MAX_ENTRIES entries each. */
  function take(): string[] {
    if (entries.size === 0) return [];
    const window = { start: new Date(start).toISOString(), end: new Date().toISOString() };
    const all = [...entries.values()];
    entries = new Map();
    start = Date.now();
    const reports: string[] = [];
    for (let i = 0; i < all.length; i += MAX_ENTRIES) {
      // A fresh batch id per report: the server counts a batch id once (beacons are never retried).
      const batchId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
      reports.push(JSON.stringify({ batchId, ...window, signals: all.slice(i, i + MAX_ENTRIES) }));
    }
    return reports;
  }

  function entryOf(key: string, base: Omit<SignalEntry, 'exposures'>): SignalEntry {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { ...base, exposures: 0 };
      entries.set(key, entry);
    }
    return entry;
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
      try {
        const served = servedFlag();
        const same = served?.key === flag;
        const version = same ? served.version : 0;
        const cohort = COHORTS[same ? servedCohort() : 4]!;
        const key = `${flag}\u0000${version}\u0000${variant}\u0000${cohort}`;
        const base = { flag, version, variant, cohort };
        last.set(flag, { key, entry: base });
        entryOf(key, base).exposures++;
      } catch {
        // Counting never throws into the page.
      }
    },
    track(event, flags) {
      const name =
        String(event)
          .replace(/[^A-Za-z0-9_.:-]/g, '_')
          .slice(0, 64) || 'unknown';
      for (const flag of flags ?? [...last.keys()]) {
        const read = last.get(flag);
        if (read === undefined) continue;
        const entry = entryOf(read.key, read.entry);
        entry.conversions ??= {};
        const conversions = entry.conversions;
        const k = name in conversions || Object.keys(conversions).length < MAX_NAMES ? name : 'other';
        conversions[k] = (conversions[k] ?? 0) + 1;
      }
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
