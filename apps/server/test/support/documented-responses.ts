/**
 * Every response a test receives is checked against the OpenAPI document the app serves: the route
 * and status must be documented, a body must match the documented schema (validated by Ajv against
 * `app.swagger()`, not against the zod schemas it was generated from), and a status documented
 * without content must send none. A violation is reported when the app closes, which fails the file:
 * the document cannot drift from the code without a test noticing.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function bodyText(payload: unknown, encoding: string | undefined): string | undefined {
  if (typeof payload === 'string') return payload;
  if (!Buffer.isBuffer(payload)) return undefined; // streams (SSE) are documented by content type only
  if (encoding === 'gzip') return gunzipSync(payload).toString('utf8');
  if (encoding === 'br') return brotliDecompressSync(payload).toString('utf8');
  return payload.toString('utf8');
}

export function checkDocumentedResponses(app: FastifyInstance): void {
  const violations: string[] = [];
  const validators = new Map<string, ValidateFunction>();
  let ajv: Ajv2020 | undefined;
  let document: Document | undefined;

  app.addHook('onSend', async (request, reply, payload) => {
    try {
      check(request, reply, payload);
    } catch (error) {
      violations.push(`${request.method} ${request.url}: the check failed: ${(error as Error).message}`);
    }
    return payload;
  });

  function check(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const route = request.routeOptions;
    // Unknown URLs (the 404 handler) and hidden routes (docs, CORS preflights) are not in the document.
    if (!route.url || !route.schema || route.schema.hide) return;
    if (!document || !ajv) {
      document = app.swagger() as unknown as Document;
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ ...document, $id: 'openapi' });
    }
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const method = request.method.toLowerCase();
    const where = `${request.method} ${path} ${reply.statusCode}`;
    const documented = document.paths[path]?.[method]?.responses[String(reply.statusCode)];
    if (!documented) {
      violations.push(`${where}: status not documented`);
      return;
    }
    const type = String(reply.getHeader('content-type') ?? '').split(';')[0]!;
    const text = bodyText(payload, reply.getHeader('content-encoding') as string | undefined);
    if (!documented.content) {
      if (text) violations.push(`${where}: documented without a body, sent ${text.slice(0, 200)}`);
      return;
    }
    if (!documented.content[type]) {
      violations.push(`${where}: content type ${type || '(none)'} not documented`);
      return;
    }
    if (type !== 'application/json' || text === undefined) return;
    const ref = `openapi#/${pointer('paths', path, method, 'responses', String(reply.statusCode), 'content', type, 'schema')}`;
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    if (!validate(JSON.parse(text))) {
      violations.push(`${where}: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`);
    }
  }

  app.addHook('onClose', async () => {
    if (violations.length > 0) {
      const distinct = [...new Set(violations)];
      throw new Error(
        `${violations.length} responses do not match the OpenAPI document:\n${distinct.slice(0, 20).join('\n')}`,
      );
    }
  });
}
