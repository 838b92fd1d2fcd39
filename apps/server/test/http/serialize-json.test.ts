import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/flags/read-cache.ts';
import { serializeJson } from '../../src/http/serialize-json.ts';

describe('serializeJson', () => {
  it('serialises like JSON.stringify', () => {
    for (const value of [{ a: 1, b: [true, null, 'x'] }, [1, 2], 'text', 3, null]) {
      expect(serializeJson(value)).toBe(JSON.stringify(value));
    }
  });

  it('reuses the JSON of a frozen value, and never of one that can still change', () => {
    const open = { n: 1 };
    expect(serializeJson(open)).toBe('{"n":1}');
    open.n = 2;
    expect(serializeJson(open)).toBe('{"n":2}');

    const frozen = deepFreeze({ items: [{ key: 'a' }], nextCursor: null });
    const first = serializeJson(frozen);
    expect(serializeJson(frozen)).toBe(first);
    expect(() => {
      (frozen.items[0] as { key: string }).key = 'b';
    }).toThrow(TypeError);
  });
});
