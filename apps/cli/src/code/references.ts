/**
 * How the CLI recognises a flag key in source text. Two recognisers, for two questions:
 *
 * - `mentions` (for `refs`): every place a known key appears as a whole word, in any text file (code,
 *   configuration, YAML, docs): what a person cleaning up a flag has to visit. A word is a run of key
 *   characters (letters, digits, `_`, `.`, `-`); `flags.new_checkout_flow` also counts its parts.
 * - `calls` (for `check`): a string literal passed as the first argument of an SDK getter called as a
 *   method (`.isEnabled('key'`, `.variant("key"`, `.getString(`key``, OpenFeature's
 *   `.getBooleanValue('key'`…). Only these are claims that a flag exists, so `check` never flags an
 *   arbitrary string.
 *
 * Files carrying the `codegen` marker are skipped by both: the generated module lists every key.
 */

/** A recognised key at a 1-based line and column. */
export interface KeyHit {
  key: string;
  line: number;
  column: number;
}

/** What `flagstaff codegen` writes on a generated module's first line. */
export const GENERATED_MARKER = '@flagstaff-generated';

/** The getters `check` recognises: the Node and browser SDKs', then OpenFeature's. */
export const SDK_GETTERS: readonly string[] = [
  'isEnabled',
  'variant',
  'getString',
  'getNumber',
  'getJson',
  'explain',
  'measure',
  'getBooleanValue',
  'getStringValue',
  'getNumberValue',
  'getObjectValue',
  'getBooleanDetails',
  'getStringDetails',
  'getNumberDetails',
  'getObjectDetails',
];

const WORD = /[A-Za-z0-9][A-Za-z0-9_.-]*/g;

/** Turns string offsets into lines and columns; offsets must be asked for in increasing order. */
function lineCounter(text: string) {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  return (offset: number): { line: number; column: number } => {
    for (let at = text.indexOf('\n', scanned); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
      line += 1;
      lineStart = at + 1;
    }
    scanned = lineStart;
    return { line, column: offset - lineStart + 1 };
  };
}

export function isGenerated(text: string): boolean {
  return text.slice(0, 200).includes(GENERATED_MARKER);
}

/** Every whole-word occurrence of one of `keys` in `text`. */
export function findMentions(text: string, keys: ReadonlySet<string>): KeyHit[] {
  const hits: KeyHit[] = [];
  if (keys.size === 0 || isGenerated(text)) return hits;
  const position = lineCounter(text);
  const hit = (key: string, offset: number) => hits.push({ key, ...position(offset) });
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const offset = match.index;
    if (keys.has(word)) {
      hit(word, offset);
      continue;
    }
    // A sentence's full stop or a trailing dash is not part of the key.
    const trimmed = word.replace(/[.-]+$/, '');
    if (trimmed !== word && keys.has(trimmed)) {
      hit(trimmed, offset);
      continue;
    }
    if (!word.includes('.')) continue;
    let partStart = 0;
    for (const part of word.split('.')) {
      if (part !== '' && keys.has(part)) hit(part, offset + partStart);
      partStart += part.length + 1;
    }
  }
  return hits;
}

/** A recogniser of SDK getter calls with a literal key, for the given getter names. */
export function callPattern(getters: readonly string[] = SDK_GETTERS): RegExp {
  const names = getters.map((name) => name.replace(/[^A-Za-z0-9_$]/g, '')).join('|');
  // `.getter(` with optional type arguments, then a quoted key (no interpolation: a `${` ends it).
  return new RegExp(`\\.\\s*(?:${names})\\s*(?:<[^<>()]*>)?\\s*\\(\\s*(['"\`])([A-Za-z0-9_.-]+)\\1`, 'g');
}

/** Every key passed as a literal to one of the getters `pattern` recognises. */
export function findCalls(text: string, pattern: RegExp): KeyHit[] {
  const hits: KeyHit[] = [];
  if (isGenerated(text)) return hits;
  const position = lineCounter(text);
  for (const match of text.matchAll(pattern)) {
    const key = match[2] as string;
    const keyOffset = match.index + match[0].length - key.length - 1;
    hits.push({ key, ...position(keyOffset) });
  }
  return hits;
}
