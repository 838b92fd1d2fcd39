import { loadEvaluationVectors, pinnedFields } from '@flagstaff/evaluator/vectors/golden';
import { describe, expect, it } from 'vitest';
import { createClient, type EvaluationContext } from '../src/index.ts';

/** The evaluator's golden file through the browser SDK's public API: bootstrap, identify, read. */
const suites = loadEvaluationVectors();

describe('golden vectors through the browser SDK', () => {
  for (const suite of suites) {
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
          expect(pinnedFields(client.explain(c.flag, c.default))).toEqual(c.expect);
        });
      }
      it('closes', () => client.close());
    });
  }
});
