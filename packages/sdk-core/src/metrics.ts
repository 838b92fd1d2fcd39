import { FlagstaffError } from './flagstaff-error.ts';
import type { Fetch } from './sync-options.ts';

/** The body of `POST /api/v1/sdk/metrics` (sdk-protocol.md). */
export interface MetricsReport {
  start: string;
  end: string;
  flags: Record<string, Record<string, number>>;
}

export interface Metrics {
  /** Counts one evaluation that served `variant`: two map lookups, no I/O. */
  count(flag: string, variant: string): void;
  /** Sends what was counted since the last report, if anything. Never rejects. */
  flush(): Promise<void>;
  /** Stops the timer and sends the last report. */
  close(): Promise<void>;
}

export interface MetricsOptions {
  url: string;
  key: string;
  fetch: Fetch;
  /** @default 30000 */
  interval: number;
  now: () => number;
  onError(error: FlagstaffError): void;
}

/** The server's limit on flags per report. */
const MAX_FLAGS_PER_REPORT = 1000;

export function createMetrics(o: MetricsOptions): Metrics {
  let counts = new Map<string, Map<string, number>>();
  let start = o.now();
  const endpoint = `${o.url.replace(/\/+$/, '')}/api/v1/sdk/metrics`;

  async function send(report: MetricsReport) {
    try {
      const response = await o.fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      // Counts are best effort: a lost report loses one interval, it never delays evaluation.
      o.onError(new FlagstaffError('METRICS', 'metrics not sent', undefined, error));
    }
  }

  async function flush() {
    if (counts.size === 0) return;
    const window = { start: new Date(start).toISOString(), end: new Date(o.now()).toISOString() };
    const entries = [...counts].map(([flag, variants]) => [flag, Object.fromEntries(variants)] as const);
    counts = new Map();
    start = o.now();
    const reports: Promise<void>[] = [];
    // The server takes at most MAX_FLAGS_PER_REPORT flags per report.
    for (let i = 0; i < entries.length; i += MAX_FLAGS_PER_REPORT) {
      reports.push(
        send({ ...window, flags: Object.fromEntries(entries.slice(i, i + MAX_FLAGS_PER_REPORT)) }),
      );
    }
    await Promise.all(reports);
  }

  const timer = setInterval(() => void flush(), o.interval);
  // A report timer alone must not keep a Node process alive.
  (timer as { unref?: () => void }).unref?.();

  return {
    count(flag, variant) {
      let variants = counts.get(flag);
      if (variants === undefined) {
        variants = new Map();
        counts.set(flag, variants);
      }
      variants.set(variant, (variants.get(variant) ?? 0) + 1);
    },
    flush,
    close() {
      clearInterval(timer);
      return flush();
    },
  };
}
