import { describe, expect, it } from 'vitest';
import { createBackoff } from '../src/backoff.ts';

describe('backoff', () => {
  it('draws from 0 up to a ceiling doubling from 1 s to 30 s (full jitter)', () => {
    const top = createBackoff({ random: () => 0.999999 });
    const ceilings = Array.from({ length: 8 }, () => top.next() + 1);
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    const bottom = createBackoff({ random: () => 0 });
    expect(Array.from({ length: 3 }, () => bottom.next())).toEqual([0, 0, 0]);
  });

  it('resets after a connection that stayed healthy for a minute, not before', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    for (let i = 0; i < 5; i++) backoff.next();
    backoff.ended(59_999);
    expect(backoff.next()).toBe(15_000);
    backoff.ended(60_000);
    expect(backoff.next()).toBe(500);
  });

  it("starts from the server's retry field", () => {
    const backoff = createBackoff({ random: () => 0.5 });
    backoff.setBase(4000);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      2000, 4000, 8000, 15000,
    ]);
  });
});
