import { describe, expect, it } from 'vitest';
import type { FlagstaffClient } from '../src/index.ts';
import { createTestClient, forBothStates, forEachValue } from '../src/testing/index.ts';

/** Application code under test: it only knows the client interface. */
function checkoutPath(flags: FlagstaffClient, userId: string): string {
  return flags.isEnabled('new_checkout_flow', { userId }) ? 'new' : 'legacy';
}

describe('test client', () => {
  it('serves pinned values to every context, and defaults for the rest', async () => {
    const flags = createTestClient({ new_checkout_flow: true, tier: 'gold', limit: 3, layout: { cols: 2 } });
    expect(await flags.ready()).toBe('bootstrap');
    expect(flags.isEnabled('new_checkout_flow', { userId: 'a' })).toBe(true);
    expect(flags.getString('tier', {}, 'none')).toBe('gold');
    expect(flags.getNumber('limit', {}, 0)).toBe(3);
    expect(flags.getJson('layout', {}, {})).toEqual({ cols: 2 });
    expect(flags.getString('unknown', {}, 'none')).toBe('none');
    expect(flags.explain('tier', {}, 0)).toMatchObject({ reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(flags.variant('new_checkout_flow', {})).toBe('on');
  });

  it('emits change when a pin moves', () => {
    const flags = createTestClient();
    const seen: string[][] = [];
    flags.on('change', (e) => seen.push(e.flags));
    flags.set('a', false);
    flags.unset('a');
    expect(seen).toEqual([['a'], ['a']]);
  });

  it('runs a body under both states of a flag and restores the pin', async () => {
    const flags = createTestClient({ new_checkout_flow: true });
    const paths: string[] = [];
    await forBothStates(flags, 'new_checkout_flow', (on) => {
      paths.push(checkoutPath(flags, 'u1'));
      expect(checkoutPath(flags, 'u1')).toBe(on ? 'new' : 'legacy');
    });
    expect(paths).toEqual(['new', 'legacy']);
    expect(flags.pinned('new_checkout_flow')).toBe(true);
  });

  it('names the state a failure happened in', async () => {
    const flags = createTestClient();
    await expect(
      forBothStates(flags, 'new_checkout_flow', () => {
        if (checkoutPath(flags, 'u1') === 'legacy') throw new Error('legacy path broken');
      }),
    ).rejects.toThrow('with new_checkout_flow = false: legacy path broken');
    expect(flags.pinned('new_checkout_flow')).toBeUndefined();
  });

  it('runs multivariate flags through each value', async () => {
    const flags = createTestClient();
    const seen: string[] = [];
    await forEachValue(flags, 'tier', ['free', 'gold'], () => {
      seen.push(flags.getString('tier', {}, '?'));
    });
    expect(seen).toEqual(['free', 'gold']);
  });
});
