import { loadEvaluationVectors, pinnedFields } from '@flagstaff/evaluator/vectors/golden';
import { describe, expect, it } from 'vitest';
import { createClient, type EvaluationContext } from '../src/index.ts';

/** The evaluator's golden file, run through the SDK's public API (a client per suite, from bootstrap). */
const suites = loadEvaluationVectors();

describe('golden vectors through the Node SDK', () => {
  for (const suite of suites) {
    describe(suite.name, () => {
      // Nothing listens on port 9: the client serves its bootstrap snapshot and nothing else.
      const client = createClient({
        url: 'http://127.0.0.1:9',
        sdkKey: 'srv_vectors',
        bootstrap: suite.snapshot,
        // The vectors hold malformed flags on purpose, to pin how each evaluates: serve them as they are.
        checkSnapshots: false,
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
          expect(pinnedFields(client.explain(c.flag, context, c.default))).toEqual(c.expect);
          // variant() reads any type, so a TYPE_MISMATCH case still has a variant there.
          if (c.expect.errorCode !== 'TYPE_MISMATCH')
            expect(client.variant(c.flag, context)).toBe(c.expect.variant);
        });
      }
      it('closes', () => client.close());
    });
  }
});
