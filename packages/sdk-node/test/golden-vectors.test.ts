import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient, type EvaluationContext, type JsonValue, type Snapshot } from '../src/index.ts';

/** The evaluator's golden file, run through the SDK's public API (a client per suite, from bootstrap). */
const FILE = new URL('../../evaluator/vectors/evaluation.json', import.meta.url);
const FIELDS = [
  'value',
  'variant',
  'reason',
  'ruleId',
  'ruleIndex',
  'bucket',
  'splitBucket',
  'errorCode',
] as const;

interface Case {
  name: string;
  flag: string;
  context: unknown;
  type: 'boolean' | 'string' | 'number' | 'json';
  default: JsonValue;
  expect: Record<string, unknown>;
}

const vectors: { suites: { name: string; snapshot: Snapshot; cases: Case[] }[] } | undefined = existsSync(
  FILE,
)
  ? JSON.parse(readFileSync(FILE, 'utf8'))
  : undefined;

describe.skipIf(vectors === undefined)('golden vectors through the Node SDK', () => {
  for (const suite of vectors?.suites ?? []) {
    describe(suite.name, () => {
      // Nothing listens on port 9: the client serves its bootstrap snapshot and nothing else.
      const client = createClient({
        url: 'http://127.0.0.1:9',
        sdkKey: 'srv_vectors',
        bootstrap: suite.snapshot,
        streaming: false,
        pollInterval: 3_600_000,
        metrics: false,
      });
      for (const c of suite.cases) {
        it(c.name, () => {
          const context = c.context as EvaluationContext;
          const typed =
            c.type === 'boolean'
              ? client.isEnabled(c.flag, context, c.default as boolean)
              : c.type === 'string'
                ? client.getString(c.flag, context, c.default as string)
                : c.type === 'number'
                  ? client.getNumber(c.flag, context, c.default as number)
                  : client.getJson(c.flag, context, c.default);
          expect(typed).toEqual(c.expect.value);
          const result: Record<string, unknown> = { ...client.explain(c.flag, context, c.default) };
          const got = Object.fromEntries(
            FIELDS.filter((f) => result[f] !== undefined).map((f) => [f, result[f]]),
          );
          expect(got).toEqual(c.expect);
          // variant() reads any type, so a TYPE_MISMATCH case still has a variant there.
          if (c.expect.errorCode !== 'TYPE_MISMATCH')
            expect(client.variant(c.flag, context)).toBe(c.expect.variant);
        });
      }
      it('closes', () => client.close());
    });
  }
});
