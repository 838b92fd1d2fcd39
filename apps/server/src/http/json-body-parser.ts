import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors.ts';

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** NUL and lone surrogates: PostgreSQL refuses both in text and jsonb. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be refused.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

function check(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string')
    return isStorableText(value) ? undefined : 'contains NUL or a lone surrogate';
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = check(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `uses the forbidden key "${key}"`;
    if (!isStorableText(key)) return 'has a key with NUL or a lone surrogate';
    const problem = check(item, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Parses JSON bodies strictly: valid UTF-8 only, no `__proto__`/`constructor` keys, bounded depth,
 * nothing PostgreSQL cannot store. Every refusal is a 400, so nothing reaches a service unchecked.
 */
export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BadRequestError('INVALID_JSON', 'The body is not valid UTF-8');
  }
  // No body at all: fine for routes that take none (archive, restore); the others' schemas refuse it.
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof RangeError ? 'is nested too deeply' : 'is not valid JSON';
    throw new BadRequestError('INVALID_JSON', `The body ${reason}`);
  }
  const problem = check(value, 0);
  if (problem) throw new BadRequestError('INVALID_JSON', `The body ${problem}`);
  return value;
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
