import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, UnsupportedMediaTypeError } from '../errors.ts';

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** NUL and lone surrogates: PostgreSQL refuses both in text and jsonb. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be refused.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The first problem in a parsed body. `strings`: whether its strings need the NUL / lone-surrogate
 * test at all. Text decoded as strict UTF-8 has no lone surrogates, and JSON refuses a raw NUL, so
 * only a `\u` escape can put either into a string: without one in the body the test is skipped
 * (it was most of the cost of a metrics report, which has a thousand short strings).
 */
function check(value: unknown, depth: number, strings: boolean): string | undefined {
  if (typeof value === 'string')
    return strings && !isStorableText(value) ? 'contains NUL or a lone surrogate' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], depth + 1, strings);
      if (problem) return problem;
    }
    return undefined;
  }
  // JSON.parse makes plain objects: `for in` sees exactly their own keys, without an entries array.
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (FORBIDDEN_KEYS.has(key)) return `uses the forbidden key "${key}"`;
    if (strings && !isStorableText(key)) return 'has a key with NUL or a lone surrogate';
    const problem = check(object[key], depth + 1, strings);
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
  const problem = check(value, 0, text.includes('\\u'));
  if (problem) throw new BadRequestError('INVALID_JSON', `The body ${problem}`);
  return value;
}

/** The labels the WHATWG Encoding standard gives UTF-8 that clients actually send. */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/**
 * Refuses a `charset` other than UTF-8 (415): the body is decoded as UTF-8 only, and reading UTF-16 or
 * Latin-1 bytes as UTF-8 would store something other than what the client meant. No charset: UTF-8,
 * as RFC 8259 requires of JSON.
 */
export function checkCharset(contentType: string | undefined): void {
  if (contentType === undefined) return;
  for (const parameter of contentType.split(';').slice(1)) {
    const at = parameter.indexOf('=');
    if (at === -1 || parameter.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (!UTF8_LABELS.has(charset)) {
      throw new UnsupportedMediaTypeError(
        `The body must be UTF-8; charset "${charset.slice(0, 40)}" is not supported`,
      );
    }
  }
}

/** The content-type parser for JSON bodies: the charset first, then the body. */
export function jsonBodyParser(
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  try {
    checkCharset(request.headers['content-type']);
    done(null, parseJsonBody(body as Buffer));
  } catch (error) {
    done(error as Error, undefined);
  }
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser);
}
