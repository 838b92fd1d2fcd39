import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlagstaffError } from '../src/flagstaff-error.ts';
import { createMetrics, type MetricsReport } from '../src/metrics.ts';

describe('metrics', () => {
  afterEach(() => vi.useRealTimers());

  function harness(status = 202) {
    const reports: MetricsReport[] = [];
    const errors: FlagstaffError[] = [];
    const metrics = createMetrics({
      url: 'http://flags.test',
      key: 'srv_k',
      interval: 30_000,
      now: () => Date.now(),
      fetch: async (url, init) => {
        expect(url).toBe('http://flags.test/api/v1/sdk/metrics');
        expect((init.headers as Record<string, string>).authorization).toBe('Bearer srv_k');
        reports.push(JSON.parse(init.body as string));
        return new Response(null, { status });
      },
      onError: (e) => errors.push(e),
    });
    return { metrics, reports, errors };
  }

  it('posts counts per flag and variant every interval, and nothing when there is nothing', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-26T12:00:00.000Z') });
    const { metrics, reports } = harness();
    for (let i = 0; i < 3; i++) metrics.count('checkout', 'on');
    metrics.count('checkout', 'off');
    metrics.count('tier', 'gold');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(reports).toEqual([
      {
        start: '2026-11-26T12:00:00.000Z',
        end: '2026-11-26T12:00:30.000Z',
        flags: { checkout: { on: 3, off: 1 }, tier: { gold: 1 } },
      },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reports).toHaveLength(1);
    metrics.count('tier', 'free');
    await metrics.close();
    expect(reports[1]?.flags).toEqual({ tier: { free: 1 } });
    expect(reports[1]?.start).toBe('2026-11-26T12:00:30.000Z');
  });

  it('splits a report of more than 1,000 flags', async () => {
    const { metrics, reports } = harness();
    for (let i = 0; i < 2500; i++) metrics.count(`flag-${i}`, 'on');
    await metrics.close();
    expect(reports.map((r) => Object.keys(r.flags).length)).toEqual([1000, 1000, 500]);
  });

  it('reports a refused report as an error and never throws', async () => {
    const { metrics, errors } = harness(400);
    metrics.count('a', 'on');
    await expect(metrics.close()).resolves.toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['METRICS']);
  });
});
