/**
 * measure() and track() through the public client, over a fake fetch that keeps each metrics
 * report (and can fail them), from a bootstrap snapshot: no server needed to see what is reported.
 */
import type { FlagConfig, Snapshot } from '@flagstaff/evaluator';
import type { SignalsReport } from '@flagstaff/sdk-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type FlagstaffClient } from '../src/index.ts';
import { FlagstaffProvider } from '../src/openfeature/index.ts';

const flag = (key: string, extra: Partial<FlagConfig> = {}): FlagConfig => ({
  key,
  type: 'release',
  salt: `salt-${key}`,
  variants: [
    { key: 'on', value: true },
    { key: 'off', value: false },
  ],
  enabled: true,
  offVariant: 'off',
  rules: [],
  fallthrough: { variant: 'on' },
  version: 4,
  ...extra,
});

const bootstrap: Snapshot = {
  schemaVersion: 1,
  environment: 'production',
  revision: 1,
  flags: [flag('plain'), flag('guarded', { fallthrough: { variant: 'on', percentage: 50 } })],
  segments: [],
};

function setup(metricsStatus: () => number = () => 202) {
  const reports: SignalsReport[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    if (url.endsWith('/sdk/metrics')) {
      reports.push(JSON.parse(String(init.body)));
      return new Response(null, { status: metricsStatus() });
    }
    return new Response(null, { status: 503 });
  });
  const client = createClient({
    url: 'http://flags.invalid',
    sdkKey: 'fs_server_test',
    bootstrap,
    streaming: false,
    pollInterval: 3_600_000,
    fetch,
    metrics: { interval: 3_600_000 },
  });
  return { client, reports };
}

const opened: FlagstaffClient[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  vi.restoreAllMocks();
});

describe('measure()', () => {
  it('returns what the function returns, rethrows what it throws, and records both', async () => {
    const { client, reports } = setup();
    opened.push(client);
    expect(client.measure('plain', { key: 'u1' }, (on, variant) => `${on}:${variant}`)).toBe('true:on');
    const thrown = new TypeError('boom');
    expect(() =>
      client.measure('plain', { key: 'u1' }, () => {
        throw thrown;
      }),
    ).toThrow(thrown);
    const rejected = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    await expect(client.measure('plain', { key: 'u1' }, async () => Promise.reject(rejected))).rejects.toBe(
      rejected,
    );
    expect(await client.measure('plain', { key: 'u1' }, async (on) => !on)).toBe(false);
    // A flag that cannot be evaluated: the default, not measured.
    expect(client.measure('missing', { key: 'u1' }, (value, variant) => [value, variant])).toEqual([
      false,
      undefined,
    ]);
    await client.close();
    expect(reports).toHaveLength(1);
    const [entry] = reports[0]!.signals;
    expect(entry).toMatchObject({
      flag: 'plain',
      version: 4,
      variant: 'on',
      cohort: 'other',
      exposures: 4,
      calls: 4,
      errors: { TypeError: 1, ECONNRESET: 1 },
    });
    const binned = Object.values(entry!.latency!.bins).reduce((a, b) => a + b, 0);
    expect(binned + entry!.latency!.zeroCount).toBe(4);
  });

  it('times a promise until it settles, in the cohort the user is in', async () => {
    const { client, reports } = setup();
    opened.push(client);
    let t = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => t);
    const user = { key: 'user-7' };
    const cohort = client.explain('guarded', user).reason === 'ROLLOUT' ? 'treatment' : undefined;
    const pending = client.measure('guarded', user, async () => {
      t += 250;
    });
    await pending;
    await client.close();
    const entry = reports[0]!.signals.find((s) => s.calls === 1)!;
    if (cohort) expect(entry.cohort).toBe(cohort);
    else expect(['control', 'excluded']).toContain(entry.cohort);
    // 250 ms in the protocol's bins: index ceil(log(250) / log(gamma)), gamma = 1.01 / 0.99.
    const gamma = 1.01 / 0.99;
    expect(entry.latency!.bins).toEqual({ [Math.ceil(Math.log(250) / Math.log(gamma))]: 1 });
  });

  it('never throws into the application, whatever the context', () => {
    const { client } = setup();
    opened.push(client);
    const hostile = {
      get key(): string {
        throw new Error('getter');
      },
    };
    expect(client.measure('guarded', hostile, (on) => on)).toBe(false);
    expect(() => client.track('signup', hostile)).not.toThrow();
    expect(() => client.track('a name with spaces & more', null as never)).not.toThrow();
  });
});

describe('track()', () => {
  it('attributes a conversion to the named flags, else to the flags with a gated rollout', async () => {
    const { client, reports } = setup();
    opened.push(client);
    client.track('purchase', { key: 'u1' }, { flags: ['plain'] });
    client.track('purchase', { key: 'u1' });
    client.track('sign up!', { key: 'u1' });
    await client.close();
    const byFlag = Object.fromEntries(reports[0]!.signals.map((s) => [s.flag, s]));
    // Attribution evaluates the flag but is not an exposure.
    expect(byFlag.plain).toMatchObject({ exposures: 0, conversions: { purchase: 1 } });
    expect(byFlag.guarded).toMatchObject({ exposures: 0, conversions: { purchase: 1, sign_up_: 1 } });
  });
});

describe('OpenFeature track()', () => {
  it("maps to the client's track: named flags from the details, the targeting key as the context key", async () => {
    const { client, reports } = setup();
    opened.push(client);
    const provider = new FlagstaffProvider(client);
    provider.track('purchase', { targetingKey: 'u1' }, { flags: ['plain'], value: 12 });
    provider.track('refund', { targetingKey: 'u1' });
    await client.close();
    const byFlag = Object.fromEntries(reports[0]!.signals.map((e) => [e.flag, e]));
    expect(byFlag.plain?.conversions).toEqual({ purchase: 1 });
    expect(byFlag.guarded?.conversions).toEqual({ refund: 1 });
  });
});
