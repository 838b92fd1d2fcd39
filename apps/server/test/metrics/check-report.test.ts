/**
 * The hand check of a current report only ever accepts what the documented schema accepts: it is a
 * fast path in front of the schema, never a second set of rules (src/metrics/check-report.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedReport } from '../../src/metrics/check-report.ts';
import { metricsReport } from '../../src/metrics/signals-schemas.ts';

const good = {
  batchId: 'batch-0123456789',
  start: '2026-12-03T20:00:00.000Z',
  end: '2026-12-03T20:00:30.000Z',
  signals: [
    { flag: 'checkout', version: 3, variant: 'on', cohort: 'treatment', exposures: 12 },
    {
      flag: 'checkout',
      version: 3,
      variant: 'off',
      cohort: 'control',
      exposures: 11,
      calls: 4,
      errors: { TypeError: 1 },
      latency: { zeroCount: 0, bins: { '300': 3, '-2': 1 } },
      conversions: { purchase: 2 },
    },
  ],
};

type Json = unknown;
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v));

/** Every path to a value in `v` (object keys and array indexes). */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, Json>)[k], [...at, k]))];
}

/** `v` with the value at `path` replaced (`undefined`: removed), or a key added beside it. */
function mutate(v: Json, path: (string | number)[], change: 'set' | 'remove' | 'add', value: Json): Json {
  const out = clone(v);
  if (path.length === 0) return change === 'set' ? value : out;
  let parent = out as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (change === 'set') parent[last] = value;
  else if (change === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (!Array.isArray(parent)) parent[`${String(last)}_extra`] = value;
  return out;
}

const tricky = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    -1,
    0.5,
    1e12,
    2_147_483_648,
    '',
    'x',
    'bad key!',
    'everyone',
    '10',
    '2026-12-03T20:00:00',
    '2026-13-03T20:00:00Z',
    'short',
    'a'.repeat(65),
    {},
    [],
    null,
    { zeroCount: 0 },
    { '1.5': 1 },
  ),
);

describe('isWellFormedReport', () => {
  it('accepts a current report, as the schema does', () => {
    expect(isWellFormedReport(good)).toBe(true);
    expect(metricsReport.safeParse(good).success).toBe(true);
  });

  it('leaves version-1 reports and anything unusual to the schema', () => {
    expect(isWellFormedReport({ ...good, flags: { checkout: { on: 1 } } })).toBe(false);
    expect(isWellFormedReport({ start: good.start, end: good.end, flags: { checkout: { on: 1 } } })).toBe(
      false,
    );
    expect(isWellFormedReport(null)).toBe(false);
    expect(isWellFormedReport([good])).toBe(false);
  });

  it('accepts nothing the schema refuses (mutations of a good report)', () => {
    const all = paths(good);
    let refusedBySchema = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.constantFrom('set', 'remove', 'add') as fc.Arbitrary<'set' | 'remove' | 'add'>,
        tricky,
        (path, change, value) => {
          const body = mutate(good, path, change, value);
          const bySchema = metricsReport.safeParse(body).success;
          if (!bySchema) refusedBySchema++;
          if (isWellFormedReport(body)) expect(bySchema, JSON.stringify(body)).toBe(true);
        },
      ),
      { numRuns: 3_000 },
    );
    // The mutations did reach bodies the schema refuses: the property was tested, not vacuous.
    expect(refusedBySchema).toBeGreaterThan(1_000);
  });
});
