import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient, type EvaluationContext, type JsonValue, type Snapshot } from '../src/index.ts';

/** The evaluator's golden file through the browser SDK's public API: bootstrap, identify, read. */
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

describe.skipIf(vectors === undefined)('golden vectors through the browser SDK', () => {
  for (const suite of vectors?.suites ?? []) {
    describe(suite.name, () => {
      const client = createClient({
        url: 'http://127.0.0.1:9',
        clientKey: 'cli_vectors',
        context: {},
        bootstrap: suite.snapshot,
        storage: null,
        streaming: false,
        pollInterval: 3_600_000,
      });
      for (const c of suite.cases) {
        it(c.name, () => {
          client.identify(c.context as EvaluationContext);
          const typed =
            c.type === 'boolean'
              ? client.isEnabled(c.flag, c.default as boolean)
              : c.type === 'string'
                ? client.getString(c.flag, c.default as string)
                : c.type === 'number'
                  ? client.getNumber(c.flag, c.default as number)
                  : client.getJson(c.flag, c.default);
          expect(typed).toEqual(c.expect.value);
          const result: Record<string, unknown> = { ...client.explain(c.flag, c.default) };
          const got = Object.fromEntries(
            FIELDS.filter((f) => result[f] !== undefined).map((f) => [f, result[f]]),
          );
          expect(got).toEqual(c.expect);
        });
      }
      it('closes', () => client.close());
    });
  }
});
