import {
  type CompiledSnapshot,
  compileSnapshot,
  evaluateIndex,
  servedCohort,
  servedFlag,
} from '@flagstaff/evaluator';
import { describe, expect, it, vi } from 'vitest';
import { createSignals } from '../src/signals.ts';
import type { SignalsReport } from '../src/signals-report.ts';

function snapshot(revision: number, version: number): CompiledSnapshot {
  return compileSnapshot({
    schemaVersion: 1,
    environment: 'production',
    revision,
    segments: [],
    flags: [
      {
        key: 'checkout',
        type: 'release',
        salt: 'salt-checkout',
        variants: [
          { key: 'on', value: true },
          { key: 'off', value: false },
        ],
        enabled: true,
        offVariant: 'off',
        rules: [],
        fallthrough: { variant: 'on', percentage: 10 },
        version,
      },
    ],
  });
}

function setup(status: () => number) {
  const reports: SignalsReport[] = [];
  const errors: unknown[] = [];
  const signals = createSignals({
    url: 'http://flags.invalid/',
    key: 'k',
    interval: 3_600_000,
    now: () => Date.now(),
    onError: (e) => errors.push(e),
    fetch: vi.fn(async (_url: string, init: RequestInit) => {
      reports.push(JSON.parse(String(init.body)));
      return new Response(null, { status: status() });
    }),
  });
  const evaluate = (s: CompiledSnapshot, key: string) => {
    const index = evaluateIndex(s, 'checkout', { key }, 'boolean');
    signals.expose(s, servedFlag(), index, servedCohort());
    return servedCohort();
  };
  return { signals, reports, errors, evaluate };
}

describe('signals', () => {
  it('counts per version, variant and cohort, across a snapshot change within one window', async () => {
    const { signals, reports, evaluate } = setup(() => 202);
    const v1 = snapshot(1, 1);
    const v2 = snapshot(2, 2);
    const expected = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      const s = i < 1_000 ? v1 : v2;
      const cohort = evaluate(s, `u${i}`);
      const served = servedFlag().variants.keys[evaluateIndex(s, 'checkout', { key: `u${i}` }, 'boolean')];
      const key = `${i < 1_000 ? 1 : 2}:${served}:${['treatment', 'control', 'excluded', 'targeted', 'other'][cohort]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    await signals.close();
    const got = new Map(
      reports[0]!.signals.map((e) => [`${e.version}:${e.variant}:${e.cohort}`, e.exposures]),
    );
    expect(got).toEqual(expected);
    // 10%: treatment and control both about 100 per 1,000, the rest excluded.
    expect(got.get('1:on:treatment')).toBeGreaterThan(60);
    expect(got.get('1:off:control')).toBeGreaterThan(60);
  });

  it('sends a report that failed again, with the same batch id, and counts nothing twice', async () => {
    let status = 503;
    const { signals, reports, errors, evaluate } = setup(() => status);
    const s = snapshot(1, 1);
    evaluate(s, 'u1');
    await signals.flush();
    expect(errors).toHaveLength(1);
    status = 202;
    evaluate(s, 'u1');
    await signals.flush();
    await signals.close(); // nothing new: nothing sent
    expect(reports).toHaveLength(3);
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]!.batchId).not.toBe(reports[0]!.batchId);
    expect(reports[2]!.signals.reduce((n, e) => n + e.exposures, 0)).toBe(1);
  });

  it('drops a report the server refuses as bad (400), and says so', async () => {
    const { signals, reports, errors, evaluate } = setup(() => 400);
    evaluate(snapshot(1, 1), 'u1');
    await signals.flush();
    await signals.flush();
    expect(reports).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});
