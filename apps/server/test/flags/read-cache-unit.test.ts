import { describe, expect, it } from 'vitest';
import { createReadCache } from '../../src/flags/read-cache.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('read cache', () => {
  it('shares one load among concurrent readers and serves it until the TTL ends', async () => {
    let clock = 0;
    const cache = createReadCache(100, () => clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual([
      1, 1, 1,
    ]);
    clock = 99;
    expect(await cache.get('k', load)).toBe(1);
    clock = 100;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('never hands a reader after a write a load that started before it', async () => {
    const cache = createReadCache(1_000);
    const before = deferred<string>();
    const early = cache.get('k', () => before.promise);
    await cache.write(['k'], [], async () => undefined);
    const late = cache.get('k', async () => 'new');
    before.resolve('old');
    expect(await early).toBe('old');
    expect(await late).toBe('new');
    expect(await cache.get('k', async () => 'newer')).toBe('new');
  });

  it('forgets the written key and the prefixed entries, keeps the rest', async () => {
    const cache = createReadCache(1_000);
    await cache.get('flag:a', async () => 'a1');
    await cache.get('flag:b', async () => 'b1');
    await cache.get('list:x', async () => 'l1');
    await cache.write(['flag:a'], ['list:'], async () => undefined);
    expect(await cache.get('flag:a', async () => 'a2')).toBe('a2');
    expect(await cache.get('flag:b', async () => 'b2')).toBe('b1');
    expect(await cache.get('list:x', async () => 'l2')).toBe('l2');
  });

  it('invalidates even when the write fails', async () => {
    const cache = createReadCache(1_000);
    await cache.get('k', async () => 'v1');
    await expect(cache.write(['k'], [], async () => Promise.reject(new Error('412')))).rejects.toThrow('412');
    expect(await cache.get('k', async () => 'v2')).toBe('v2');
  });

  it('with a TTL of 0 always asks the loader', async () => {
    const cache = createReadCache(0);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });
});
