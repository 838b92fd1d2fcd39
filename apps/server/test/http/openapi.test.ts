import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

/**
 * The served document is valid OpenAPI with every $ref resolved; each documented response is also
 * checked against real responses in every suite (test/support/documented-responses.ts).
 */
describe('the OpenAPI document', () => {
  const t = useTestApp('embedded');

  it('validates, and every $ref resolves to a component that exists', async () => {
    const served = await t().app.inject({ method: 'GET', url: '/docs/json' });
    expect(served.statusCode).toBe(200);
    const document = served.json();
    expect(document.openapi).toBe('3.1.0');
    // The validator resolves each $ref: a dangling one (schema0 before) fails here.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, name] of refs) expect(document.components.schemas, name).toHaveProperty(name!);
  });

  it('documents every JSON body it sends: no response schema that accepts anything', () => {
    const paths = t().app.swagger().paths as unknown as Paths;
    const empty: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (schema && Object.keys(schema).length === 0) empty.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });

  it('lists If-Match answers (412, 428) only on writes to something that exists', () => {
    const paths = t().app.swagger().paths as unknown as Paths;
    for (const create of ['/api/v1/flags', '/api/v1/segments']) {
      expect(Object.keys(paths[create]!.post!.responses)).not.toContain('412');
      expect(Object.keys(paths[create]!.post!.responses)).not.toContain('428');
    }
    expect(Object.keys(paths['/api/v1/flags/{key}']!.patch!.responses)).toEqual(
      expect.arrayContaining(['412', '428']),
    );
  });
});
