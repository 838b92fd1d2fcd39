/**
 * The golden files' shapes and loaders, for every package that runs them through its public API.
 * The files are the spec: written by scripts/vectors (an independent implementation), never by
 * the code under test. Test-only: this module reads files, the evaluator itself never does.
 */
import { readFileSync } from 'node:fs';
import type { JsonValue, Snapshot } from '../src/model.ts';

export interface HashVector {
  input: string;
  /** The input's UTF-8 bytes, hex. */
  utf8: string;
  seed: number;
  murmur3: number;
  bucket: number;
}

export interface EvaluationVector {
  name: string;
  flag: string;
  context: unknown;
  type: 'boolean' | 'string' | 'number' | 'json';
  default: JsonValue;
  expect: Record<string, unknown>;
}

export interface VectorSuite {
  name: string;
  snapshot: Snapshot;
  cases: EvaluationVector[];
}

/** The evaluation fields a vector pins; a field a vector leaves out must be absent. */
export const EXPECTED_FIELDS = [
  'value',
  'variant',
  'reason',
  'ruleId',
  'ruleIndex',
  'bucket',
  'splitBucket',
  'errorCode',
] as const;

/** The pinned fields of an evaluation result, for comparison with `expect`. */
export function pinnedFields(result: object): Record<string, unknown> {
  const fields = result as Record<string, unknown>;
  return Object.fromEntries(
    EXPECTED_FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]]),
  );
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
}

export const EVALUATION_VECTORS_FILE = new URL('./evaluation.json', import.meta.url);

export function loadEvaluationVectors(): VectorSuite[] {
  return load<{ suites: VectorSuite[] }>('evaluation.json').suites;
}

export function loadHashVectors(): HashVector[] {
  return load<{ cases: HashVector[] }>('hash.json').cases;
}
