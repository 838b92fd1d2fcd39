/** The strict JSON body parser: its fast path (no `\u` escape in the body) refuses what the full check refuses. */
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../src/http/json-body-parser.ts';

const parse = (text: string) => () => parseJsonBody(Buffer.from(text));

describe('parseJsonBody', () => {
  it('reads plain bodies, with or without escapes', () => {
    expect(parseJsonBody(Buffer.from('{"a":["b",{"c":1}]}'))).toEqual({ a: ['b', { c: 1 }] });
    expect(parseJsonBody(Buffer.from('{"a":"\\u00e9\\ud83d\\ude00"}'))).toEqual({ a: 'é😀' });
  });

  it('refuses NUL and lone surrogates, which only an escape can carry', () => {
    expect(parse('{"a":"x\\u0000"}')).toThrow(/NUL or a lone surrogate/);
    expect(parse('{"a\\u0000":1}')).toThrow(/key with NUL/);
    expect(parse('{"a":["\\ud800"]}')).toThrow(/lone surrogate/);
    expect(parse('{"a":{"b":"\\udfff x"}}')).toThrow(/lone surrogate/);
    // Raw, they are no JSON (a NUL) or no UTF-8 (an encoded surrogate) at all.
    expect(parse('{"a":"x\u0000"}')).toThrow(/not valid JSON/);
    expect(() => parseJsonBody(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toThrow(/not valid UTF-8/);
  });

  it('refuses forbidden keys, spelled out or escaped, at any depth', () => {
    expect(parse('{"__proto__":{"admin":true}}')).toThrow(/forbidden key "__proto__"/);
    expect(parse('{"a":[{"constructor":1}]}')).toThrow(/forbidden key "constructor"/);
    expect(parse('{"\\u005f_proto__":{"admin":true}}')).toThrow(/forbidden key "__proto__"/);
    expect(parse('{"a":{"prototyp\\u0065":1}}')).toThrow(/forbidden key "prototype"/);
  });

  it('refuses bodies nested deeper than 32 levels', () => {
    expect(parse(`${'['.repeat(33)}1${']'.repeat(33)}`)).not.toThrow();
    expect(parse(`${'['.repeat(34)}1${']'.repeat(34)}`)).toThrow(/nested deeper than 32/);
  });
});
