import { describe, expect, it } from 'vitest';
import { bucketOf, compileSnapshot, evaluate, inputBucket, murmur3, utf8 } from '../src/index.ts';
import { loadEvaluationVectors, loadHashVectors, pinnedFields } from '../vectors/golden.ts';

const hash = { cases: loadHashVectors() };
const evaluation = { suites: loadEvaluationVectors() };

describe('hash vectors', () => {
  it(`has at least 1,000 (${hash.cases.length})`, () => {
    expect(hash.cases.length).toBeGreaterThanOrEqual(1000);
  });

  it('encodes, hashes and buckets every input as the golden file says', () => {
    const wrong = hash.cases.filter((c) => {
      const hex = Buffer.from(utf8(c.input)).toString('hex');
      return hex !== c.utf8 || murmur3(c.input, c.seed) !== c.murmur3;
    });
    expect(wrong.map((c) => JSON.stringify(c.input).slice(0, 60))).toEqual([]);
  });

  it('gives every input its golden bucket, re-draws included', () => {
    const wrong = hash.cases.filter((c) => inputBucket(c.input) !== c.bucket);
    expect(wrong.map((c) => c.input)).toEqual([]);
  });

  it('gives the same bucket through the pre-hashed salt prefix', () => {
    const wrong = hash.cases.filter((c) => {
      const m = /^([A-Za-z0-9_-]+):(gate|split):([\s\S]*)$/.exec(c.input);
      return m !== null && bucketOf(m[1]!, m[2] as 'gate' | 'split', m[3]!) !== c.bucket;
    });
    expect(wrong.map((c) => c.input)).toEqual([]);
  });
});

describe('evaluation vectors', () => {
  const total = evaluation.suites.reduce((n, s) => n + s.cases.length, 0);
  it(`has at least 250 (${total})`, () => {
    expect(total).toBeGreaterThanOrEqual(250);
  });

  for (const suite of evaluation.suites) {
    describe(suite.name, () => {
      const snapshot = compileSnapshot(suite.snapshot);
      for (const c of suite.cases) {
        it(c.name, () => {
          const result = evaluate(snapshot, c.flag, c.context as never, c.default, c.type);
          expect(pinnedFields(result)).toEqual(c.expect);
        });
      }
    });
  }
});
