import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  compileSnapshot,
  type Evaluation,
  evaluate,
  inputBucket,
  murmur3,
  type Snapshot,
  utf8,
  type ValueType,
} from '../src/index.ts';

/** The golden files are the spec: written by scripts/vectors (an independent implementation), never by this code. */
function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')) as T;
}

interface HashCase {
  input: string;
  utf8: string;
  seed: number;
  murmur3: number;
  bucket: number;
}

interface EvaluationCase {
  name: string;
  flag: string;
  context: unknown;
  type: ValueType;
  default: unknown;
  expect: Partial<Evaluation<unknown>>;
}

interface Suite {
  name: string;
  snapshot: Snapshot;
  cases: EvaluationCase[];
}

const hash = load<{ cases: HashCase[] }>('hash.json');
const evaluation = load<{ suites: Suite[] }>('evaluation.json');
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
          const result: Record<string, unknown> = {
            ...evaluate(snapshot, c.flag, c.context as never, c.default, c.type),
          };
          const got = Object.fromEntries(
            FIELDS.filter((f) => result[f] !== undefined).map((f) => [f, result[f]]),
          );
          expect(got).toEqual(c.expect);
        });
      }
    });
  }
});
