import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const RUNS = 500;

interface Endpoint {
  method: 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  /** A body the endpoint would accept: every case is a guaranteed-bad mutation of it. */
  valid: Record<string, unknown>;
  /** Wrong values per field (each one invalid for that field on this endpoint). */
  fields: Record<string, unknown[]>;
}

const notString = [123, -1.5, true, [], {}, ['a'], { a: 'b' }];
const notBoolean = ['true', 1, 0, null, [], {}];
const notArray = ['x', 1, true, {}, null];

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    url: '/api/v1/flags',
    valid: releaseFlag('fuzz_new'),
    fields: {
      key: [...notString, '', 'bad key', '../x', null],
      type: [...notString, 'bogus', null],
      owner: [...notString, null],
      expiresAt: [...notString, 'tomorrow', '2020-01-01T00:00:00Z', null],
      tags: [...notArray, [1], ['bad tag']],
      variants: [...notArray, [], [{ key: 'on' }], [{ key: 'a', value: 1, extra: 2 }]],
      environments: [
        'x',
        1,
        true,
        null,
        [],
        { nowhere: {} },
        { production: { enabled: 'yes' } },
        { production: { rules: 'x' } },
      ],
    },
  },
  {
    method: 'PATCH',
    url: '/api/v1/flags/fuzz_target',
    headers: { 'if-match': '"1"' },
    valid: { description: 'fine' },
    fields: {
      description: [...notString, null],
      name: [...notString, '', null],
      owner: [...notString, null],
      expiresAt: [...notString, 'soon', null],
      type: ['bogus', 5, null],
      key: ['renamed', 'fuzz_target'],
      salt: ['abc'],
      variants: [
        ...notArray,
        [],
        [
          { key: 'x', value: 1 },
          { key: 'y', value: 'mixed' },
        ],
      ],
    },
  },
  {
    method: 'PATCH',
    url: '/api/v1/flags/fuzz_env_target/environments/production',
    headers: { 'if-match': '"1"' },
    valid: { enabled: true },
    fields: {
      enabled: notBoolean,
      clientVisible: notBoolean,
      offVariant: [...notString, 'missing', null],
      rules: [
        ...notArray,
        [{}],
        [{ conditions: [{ op: 'nope' }], serve: {} }],
        [{ conditions: [], serve: { variant: 'nope' } }],
      ],
      fallthrough: [
        ...notArray,
        { percentage: 101, variant: 'on' },
        { variant: 'on', percentage: -1 },
        { split: [] },
      ],
    },
  },
  {
    method: 'POST',
    url: '/api/v1/segments',
    valid: { key: 'fuzz_segment', included: ['a'] },
    fields: {
      key: [...notString, '', 'no spaces', null],
      included: [...notArray, [1], [null]],
      excluded: [...notArray, [{}]],
      conditions: [
        ...notArray,
        [{ op: 'segment', segments: ['x'] }],
        [{ op: 'matches', attribute: 'a', value: '(a+)+$' }],
      ],
      name: [...notString, null],
    },
  },
  {
    method: 'PATCH',
    url: '/api/v1/segments/fuzz_existing',
    headers: { 'if-match': '"1"' },
    valid: { included: ['b'] },
    fields: {
      key: ['renamed'],
      included: [...notArray, [1]],
      conditions: [...notArray, [{ op: 'lt', attribute: 'a', value: 'x' }]],
      description: [...notString, null],
    },
  },
  {
    method: 'POST',
    url: '/api/v1/environments',
    valid: { key: 'fuzz_env' },
    fields: { key: [...notString, 'UPPER', '', 'a b', null], name: [...notString, '', null] },
  },
  {
    method: 'POST',
    url: '/api/v1/credentials',
    valid: { kind: 'server', name: 'fuzz', environment: 'production' },
    fields: {
      kind: [...notString, 'root', null],
      name: [...notString, '', null],
      environment: [...notString, 'nowhere', null],
    },
  },
];

type Case = { contentType: string; body: string | Buffer; label: string };

/** Nesting as text: building it as an object would overflow JSON.stringify before the server sees it. */
function deepJson(levels: number): string {
  return `${'{"n":['.repeat(levels)}"leaf"${']}'.repeat(levels)}`;
}

const ODD_JSON_TYPES = [
  'APPLICATION/JSON',
  'Application/Json; charset=UTF-8',
  'application/json ; charset=utf-8',
  ' application/json',
];
const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'multipart/form-data; boundary=x',
];

function caseArbitrary(endpoint: Endpoint): fc.Arbitrary<Case> {
  const fieldNames = Object.keys(endpoint.fields);
  const stringFields = fieldNames.filter(
    (f) => typeof endpoint.valid[f] === 'string' || ['description', 'name', 'owner', 'key'].includes(f),
  );
  const json = (value: unknown) => JSON.stringify(value);
  const jsonType = fc.oneof(fc.constant('application/json'), fc.constantFrom(...ODD_JSON_TYPES));
  const withField = (field: string, value: unknown) => ({ ...endpoint.valid, [field]: value });

  const wrongType = fc
    .constantFrom(...fieldNames)
    .chain((field) => fc.tuple(fc.constant(field), fc.constantFrom(...(endpoint.fields[field] as unknown[]))))
    .map(([field, value]) => ({ body: json(withField(field, value)), label: `wrong ${field}` }));
  const unknownField = fc
    .tuple(fc.string({ maxLength: 20 }), fc.jsonValue())
    .map(([k, v]) => ({ body: json({ ...endpoint.valid, [`zz_${k}`]: v }), label: 'unknown field' }));
  const huge = fc
    .tuple(
      fc.constantFrom(...(stringFields.length ? stringFields : fieldNames)),
      fc.integer({ min: 2_100, max: 200_000 }),
    )
    .map(([field, n]) => ({ body: json(withField(field, 'x'.repeat(n))), label: `huge ${field}` }));
  const nested = fc
    .tuple(fc.constantFrom(...fieldNames), fc.integer({ min: 20, max: 40_000 }))
    .map(([field, n]) => ({
      body: json(withField(field, 'PLACEHOLDER')).replace('"PLACEHOLDER"', deepJson(n)),
      label: `deep ${field}`,
    }));
  const proto = fc
    .constantFrom('__proto__', 'constructor', 'prototype')
    .chain((k) => fc.tuple(fc.constant(k), fc.boolean()))
    .map(([k, top]) => {
      const text = json(endpoint.valid);
      const injected = top
        ? `{"${k}":{"admin":true},${text.slice(1)}`
        : text.replace(/}$/, `,"x":{"${k}":{"a":1}}}`);
      return { body: injected, label: `${k} key` };
    });
  const badUtf8 = fc
    .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82])
    .map((bytes) => {
      const text = json(endpoint.valid);
      const at = text.indexOf('"', 2) + 1;
      return {
        body: Buffer.concat([
          Buffer.from(text.slice(0, at)),
          Buffer.from(bytes),
          Buffer.from(text.slice(at)),
        ]),
        label: 'invalid utf-8',
      };
    });
  const unstorable = fc
    .tuple(
      fc.constantFrom(...(stringFields.length ? stringFields : fieldNames)),
      fc.constantFrom('\\u0000', '\\ud800', '\\udfff x'),
    )
    .map(([field, sequence]) => ({
      body: json(withField(field, 'PLACEHOLDER')).replace('PLACEHOLDER', `a${sequence}b`),
      label: `unstorable ${field}`,
    }));
  const malformed = fc
    .constantFrom(
      '',
      ' ',
      '{',
      '{"key":',
      'null',
      '[]',
      '"string"',
      '42',
      'true',
      '{"a":1}}',
      "{'key':'x'}",
      'NaN',
    )
    .map((body) => ({ body, label: 'malformed' }));

  const badBody = fc.oneof(wrongType, unknownField, huge, nested, proto, badUtf8, unstorable, malformed);
  const withJsonType = fc.tuple(badBody, jsonType).map(([c, contentType]) => ({ ...c, contentType }));
  const wrongContentType = fc.constantFrom(...WRONG_TYPES).map((contentType) => ({
    contentType,
    body: json(endpoint.valid),
    label: `content-type ${contentType}`,
  }));
  return fc.oneof({ weight: 9, arbitrary: withJsonType }, { weight: 1, arbitrary: wrongContentType });
}

describe.each(drivers())('bad input never writes and never 5xx (%s)', (driver) => {
  const t = useTestApp(driver);

  async function fingerprint(): Promise<unknown> {
    const result = await t().database.db.execute(sql`select
      (select count(*) from flags)::int as flags,
      (select coalesce(sum(version), 0) from flags)::int as flag_versions,
      (select count(*) from flag_versions)::int as versions,
      (select count(*) from flag_environments)::int as states,
      (select count(*) from segments)::int as segments,
      (select coalesce(sum(version), 0) from segments)::int as segment_versions,
      (select count(*) from environments)::int as environments,
      (select coalesce(sum(revision), 0) from environments)::int as revisions,
      (select count(*) from credentials)::int as credentials,
      (select count(*) from audit_log)::int as audit`);
    return (result as unknown as { rows: unknown[] }).rows[0];
  }

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.url}`, e] as const))(
    '%s',
    async (_name, endpoint) => {
      const flag = endpoint.url.match(/\/flags\/(fuzz_[a-z_]+)/)?.[1];
      if (flag) await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(flag) });
      if (endpoint.url.includes('fuzz_existing')) {
        await t().request({ method: 'POST', url: '/api/v1/segments', payload: { key: 'fuzz_existing' } });
      }
      const before = await fingerprint();
      let count = 0;
      await fc.assert(
        fc.asyncProperty(caseArbitrary(endpoint), async (c) => {
          count += 1;
          const res = await t().app.inject({
            method: endpoint.method,
            url: endpoint.url,
            headers: {
              authorization: 'Bearer fs_admin_test-token-0123456789abcdefghij',
              'content-type': c.contentType,
              ...endpoint.headers,
            },
            payload: c.body,
          });
          const body = res.json();
          expect(res.statusCode, `${c.label} → ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, c.label).toBeLessThan(500);
          expect(typeof body.error?.code, c.label).toBe('string');
          expect(body.error.code, c.label).toMatch(/^[A-Z_]+$/);
          expect(typeof body.error.message, c.label).toBe('string');
        }),
        { numRuns: RUNS },
      );
      expect(count).toBeGreaterThanOrEqual(RUNS);
      expect(await fingerprint()).toEqual(before);
      const valid = await t().app.inject({
        method: endpoint.method,
        url: endpoint.url,
        headers: { authorization: 'Bearer fs_admin_test-token-0123456789abcdefghij', ...endpoint.headers },
        payload: endpoint.valid,
      });
      expect(valid.statusCode, valid.body).toBeLessThan(300);
    },
    120_000,
  );
});
