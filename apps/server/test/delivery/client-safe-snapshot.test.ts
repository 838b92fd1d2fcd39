import {
  compileSnapshot,
  evaluate,
  type FlagConfig,
  type Snapshot,
  type SnapshotCondition,
} from '@flagstaff/evaluator';
import { validateSnapshot } from '@flagstaff/evaluator/validate';
import { loadEvaluationVectors } from '@flagstaff/evaluator/vectors/golden';
import { describe, expect, it } from 'vitest';
// The browser SDK is not a dependency of the server: imported by path, for this test only.
import { createClient } from '../../../../packages/sdk-browser/src/index.ts';
import { clientSafeSnapshot } from '../../src/environments/client-safe-snapshot.ts';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';
import { createFlag, createKey, currentSnapshot } from './delivery-fixtures.ts';

const SECRETS = [
  'alice-7f3e@example.com',
  'bob-secret-id',
  'carol-4451',
  'dave-admin',
  'eve@rival.example',
  'frank-9',
];
const [ALICE, BOB, CAROL, DAVE, EVE, FRANK] = SECRETS as [string, ...string[]] as string[];

function snapshotOf(flags: FlagConfig<SnapshotCondition>[], segments: Snapshot['segments'] = []): Snapshot {
  return { schemaVersion: 1, environment: 'test', revision: 1, flags, segments };
}

describe('clientSafeSnapshot', () => {
  it('hashes in, not_in and eq lists exactly as the reference does (golden vectors, hashed-lists suite)', () => {
    const suite = loadEvaluationVectors().find((s) => s.name === 'hashed-lists')!;
    const flags = new Map(suite.snapshot.flags.map((f) => [f.key, f]));
    const pairs = [...flags.keys()].filter((k) => k.startsWith('clear-'));
    expect(pairs.length).toBeGreaterThan(10);
    for (const clearKey of pairs) {
      const clear = flags.get(clearKey)!;
      const hashed = flags.get(clearKey.replace(/^clear-/, 'hashed-'))!;
      // No installation salt: the reference's bare salts.
      const safe = clientSafeSnapshot(snapshotOf([clear]), '').flags[0]!;
      expect(safe.rules[0]!.conditions, clearKey).toEqual(hashed.rules[0]!.conditions);
    }
    const segments = clientSafeSnapshot(
      snapshotOf([], [{ ...suite.snapshot.segments[0]!, key: 'board-hashed' }]),
      '',
    );
    expect(segments.segments[0]!.conditions).toEqual(suite.snapshot.segments[1]!.conditions);
  });

  it('leaves no listed key in clear, drops rule descriptions, and does not touch the server copy', () => {
    const flag: FlagConfig = {
      key: 'f',
      type: 'release',
      salt: 'salt-f',
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      enabled: true,
      offVariant: 'off',
      rules: [
        {
          id: 'listed',
          description: `asked for by ${FRANK}`,
          conditions: [{ op: 'in', attribute: 'userId', values: [ALICE!, BOB!, 1234567] }],
          serve: { variant: 'on' },
        },
        {
          id: 'one',
          conditions: [{ op: 'eq', attribute: 'userId', value: CAROL! }],
          serve: { variant: 'on' },
        },
        {
          id: 'not',
          conditions: [{ op: 'not_in', attribute: 'email', values: [EVE!], negate: true }],
          serve: { variant: 'on' },
        },
      ],
      fallthrough: { variant: 'off' },
    };
    const server = snapshotOf(
      [flag],
      [{ key: 'seg', included: [DAVE!], conditions: [{ op: 'in', attribute: 'userId', values: [BOB!] }] }],
    );
    const before = JSON.stringify(server);
    const client = clientSafeSnapshot(server, 'fedcba9876543210');
    const text = JSON.stringify(client);
    for (const secret of [...SECRETS, '1234567']) expect(text).not.toContain(secret);
    expect(JSON.stringify(server)).toBe(before);
    expect(client.flags[0]!.rules.map((r) => r.conditions[0]!.op)).toEqual([
      'in_hashed',
      'in_hashed',
      'not_in_hashed',
    ]);
    // One user in two conditions: two different hashes (salted per condition).
    const hashes = (c: SnapshotCondition | undefined) => (c as { hashes: string[] }).hashes;
    const inRule = hashes(client.flags[0]!.rules[0]!.conditions[0]);
    const inSegment = hashes(client.segments[0]!.conditions![0]);
    expect(inRule.filter((h) => inSegment.includes(h))).toEqual([]);
    // And the same answers for everyone.
    const a = compileSnapshot(server);
    const b = compileSnapshot(client);
    for (const userId of [...SECRETS, 'nobody', 1234567, '1234567']) {
      for (const email of [EVE, 'x@example.com', undefined]) {
        const ctx = email === undefined ? { userId } : { userId, email };
        expect(evaluate(b, 'f', ctx as never, false)).toEqual(evaluate(a, 'f', ctx as never, false));
      }
    }
  });
});

/** `fetch` for the browser SDK, answered by the app in-process (its `?key=` path, as in a browser). */
function injectFetch(inject: (url: string, headers: Record<string, string>) => Promise<Response>) {
  return (input: string, init: RequestInit) =>
    inject(new URL(input).pathname + new URL(input).search, (init.headers ?? {}) as Record<string, string>);
}

describe.each(drivers())('client snapshots over HTTP (%s)', (driver) => {
  const t = useTestApp(driver);

  it('carry none of the listed keys in clear, and the browser SDK answers as the server snapshot does', async () => {
    const segment = await t().request({
      method: 'POST',
      url: '/api/v1/segments',
      payload: {
        key: 'vip_accounts',
        included: [DAVE],
        conditions: [{ op: 'in', attribute: 'email', values: [EVE] }],
      },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    await createFlag(t(), 'listed_beta', {
      environments: {
        staging: {
          clientVisible: true,
          enabled: true,
          rules: [
            {
              id: 'named',
              conditions: [{ op: 'in', attribute: 'userId', values: [ALICE, BOB, 90210] }],
              serve: { variant: 'on' },
            },
            {
              id: 'one',
              conditions: [{ op: 'eq', attribute: 'userId', value: CAROL }],
              serve: { variant: 'on' },
            },
            {
              id: 'vip-but-not-frank',
              conditions: [
                { op: 'segment', segments: ['vip_accounts'] },
                { op: 'not_in', attribute: 'userId', values: [FRANK] },
              ],
              serve: { variant: 'on' },
            },
          ],
        },
      },
    });
    const client = await createKey(t(), 'client', 'staging');
    const server = await createKey(t(), 'server', 'staging');
    await currentSnapshot(t(), server.token, 'staging');

    const pub = await t().app.inject({ method: 'GET', url: `/api/v1/sdk/snapshot?key=${client.token}` });
    expect(pub.statusCode).toBe(200);
    for (const secret of [...SECRETS, '90210']) expect(pub.body).not.toContain(secret);
    const full = await t().app.inject({
      method: 'GET',
      url: '/api/v1/sdk/snapshot',
      headers: { authorization: `Bearer ${server.token}` },
    });
    for (const secret of [ALICE, BOB, CAROL, FRANK]) expect(full.body).toContain(secret);
    // What the SDKs check bootstrap and persisted copies with: both audiences' snapshots pass it.
    expect(validateSnapshot(pub.json())).toMatchObject({ ok: true });
    expect(validateSnapshot(full.json())).toMatchObject({ ok: true });

    const browser = createClient({
      url: 'http://flags.test',
      clientKey: client.token,
      context: {},
      storage: null,
      streaming: false,
      pollInterval: 3_600_000,
      fetch: injectFetch(async (url, headers) => {
        const res = await t().app.inject({ method: 'GET', url, headers });
        const body = res.statusCode === 304 ? null : res.body;
        return new Response(body, { status: res.statusCode, headers: res.headers as Record<string, string> });
      }),
    });
    expect(await browser.ready({ timeout: 5_000 })).toBe('network');
    const reference = compileSnapshot(full.json());
    const users: Record<string, unknown>[] = [
      { userId: ALICE },
      { userId: BOB },
      { userId: 90210 },
      { userId: '90210' },
      { userId: CAROL },
      { userId: DAVE },
      { userId: FRANK, email: EVE },
      { userId: 'grace', email: EVE },
      { userId: 'heidi' },
      { userId: [`x-${ALICE}`, ALICE] },
      {},
    ];
    const answers = users.map((context) => {
      browser.identify(context);
      return browser.explain('listed_beta', false);
    });
    expect(answers.map((a) => a.value)).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(answers).toEqual(
      users.map((context) => evaluate(reference, 'listed_beta', context, false, 'boolean')),
    );
    browser.close();
  });
});
