/**
 * Snapshots that did not come through the server's validation (a bootstrap, a persisted copy) are
 * checked by the same rules before they are served: against the protocol test double.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Condition, Snapshot } from '@flagstaff/evaluator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProtocolDouble,
  snapshotOf,
  startProtocolDouble,
  until,
} from '../../sdk-core/test/protocol-double.ts';
import { createFileStore } from '../src/file-store.ts';
import { type ClientOptions, createClient, type FlagstaffClient, type FlagstaffError } from '../src/index.ts';

const user = { userId: 'u1', email: 'aa@example.com' };
let server: ProtocolDouble;
const clients: FlagstaffClient[] = [];

function client(options: Partial<ClientOptions>): { c: FlagstaffClient; errors: FlagstaffError[] } {
  const c = createClient({ url: server.url, sdkKey: 'srv_test', metrics: false, ...options });
  clients.push(c);
  const errors: FlagstaffError[] = [];
  c.on('error', (e) => errors.push(e));
  return { c, errors };
}

/** A flag `gated` that serves `on` to whoever matches `condition`, off otherwise. */
function gated(revision: number, condition: unknown): Snapshot {
  const snapshot = snapshotOf(revision, { checkout: true, gated: false });
  snapshot.flags[1]!.rules = [{ id: 'r', conditions: [condition as Condition], serve: { variant: 'on' } }];
  return snapshot;
}

const MALFORMED: [string, unknown, string][] = [
  ['a back-reference pattern', { op: 'matches', attribute: 'email', value: '^(a)\\1' }, 'back-reference'],
  ['an empty not_in list', { op: 'not_in', attribute: 'userId', values: [] }, 'must have 1 to'],
  ['an empty in list', { op: 'in', attribute: 'userId', values: [] }, 'must have 1 to'],
  ['an unknown operator', { op: 'regex', attribute: 'email', value: '.*' }, 'must be one of'],
];

beforeEach(async () => {
  server = await startProtocolDouble(snapshotOf(1, { checkout: true }));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.stop();
});

describe('bootstrap and persisted snapshots', () => {
  it.each(MALFORMED)(
    'refuses a bootstrap with %s, with a clear error, serving nothing from it',
    async (_, condition, message) => {
      await server.stop();
      const { c, errors } = client({ bootstrap: gated(5, condition) });
      expect(c.isEnabled('gated', user)).toBe(false);
      expect(c.isEnabled('checkout', user)).toBe(false); // the whole snapshot is refused, not one flag
      expect(c.revision).toBeUndefined();
      await until(() => errors.some((e) => e.code === 'BAD_SNAPSHOT'));
      const refusal = errors.find((e) => e.code === 'BAD_SNAPSHOT')!;
      expect(refusal.message).toMatch(/^bootstrap snapshot refused: flags\.1\.rules\.0\.conditions\.0/);
      expect(refusal.message).toContain(message);
      expect(await c.ready({ timeout: 200 })).toBe('timeout');
    },
  );

  it('keeps the good bootstrap when the persisted copy is malformed', async () => {
    await server.stop();
    const path = join(await mkdtemp(join(tmpdir(), 'flagstaff-')), 'snapshot.json');
    await writeFile(path, JSON.stringify(gated(9, MALFORMED[1]![1])));
    const { c, errors } = client({
      bootstrap: snapshotOf(4, { checkout: true }),
      persist: createFileStore(path),
    });
    await until(() => errors.some((e) => e.code === 'BAD_SNAPSHOT'));
    expect(errors.find((e) => e.code === 'BAD_SNAPSHOT')!.message).toMatch(/^persisted snapshot refused: /);
    expect(c.revision).toBe(4);
    expect(c.isEnabled('checkout', user)).toBe(true);
    expect(c.isEnabled('gated', user)).toBe(false);
  });

  it('serves a sound bootstrap, and the network snapshot replaces it', async () => {
    const { c, errors } = client({
      bootstrap: gated(0, { op: 'matches', attribute: 'email', value: '^a+@example\\.com$' }),
    });
    expect(c.isEnabled('gated', user)).toBe(true);
    expect(await c.ready({ timeout: 2000 })).toBe('network');
    expect(errors).toEqual([]);
  });
});
