import { describe, expect, it } from 'vitest';
import { evaluate, type FlagConfig } from '../src/index.ts';
import { booleanFlag, snapshotOf } from './support/flags.ts';

/** The Node build explains a malformed flag; the browser build (`#explain`) says only that it cannot be read. */
describe('MALFORMED_FLAG explanations (Node build)', () => {
  const cases: [string, Partial<FlagConfig>, string][] = [
    [
      'split weights off 100',
      {
        fallthrough: {
          split: [
            { variant: 'on', weight: 60 },
            { variant: 'off', weight: 30 },
          ],
        },
      },
      'split weights must sum to 100',
    ],
    ['an unknown variant', { offVariant: 'gone' }, 'unknown variant "gone"'],
    [
      'an unknown operator',
      { rules: [{ id: 'r', conditions: [{ op: 'regex' } as never], serve: { variant: 'on' } }] },
      'unknown operator "regex"',
    ],
    ['a salt that is not a string', { salt: 7 as never }, 'salt must be a string'],
  ];
  for (const [name, override, message] of cases) {
    it(`says what is wrong: ${name}`, () => {
      const flags = snapshotOf(booleanFlag({ key: 'f', ...override }));
      expect(evaluate(flags, 'f', { key: 'u' }, false)).toEqual({
        value: false,
        reason: 'ERROR',
        errorCode: 'MALFORMED_FLAG',
        errorMessage: message,
      });
    });
  }
});
