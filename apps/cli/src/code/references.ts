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

/** ASCII tables: letters and digits start a word; they, `_`, `.` and `-` continue it. */
const WORD_START = new Uint8Array(128);
const KEY_CHAR = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  WORD_START[code] = /[A-Za-z0-9]/.test(char) ? 1 : 0;
  KEY_CHAR[code] = /[A-Za-z0-9_.-]/.test(char) ? 1 : 0;
}

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

/**
 * A finder of whole-word occurrences of `keys`. Words outside the keys' length range are passed over
 * without a lookup, and only words ending in `.`/`-` or holding a `.` are looked at twice.
 */
export function mentionFinder(keys: Iterable<string>): (text: string) => KeyHit[] {
  const known = new Set(keys);
  let shortest = Number.POSITIVE_INFINITY;
  let longest = 0;
  for (const key of known) {
    shortest = Math.min(shortest, key.length);
    longest = Math.max(longest, key.length);
  }
  return (text) => {
    const hits: KeyHit[] = [];
    if (known.size === 0 || isGenerated(text)) return hits;
    const position = lineCounter(text);
    const hit = (key: string, offset: number) => hits.push({ key, ...position(offset) });
    const length = text.length;
    let at = 0;
    while (at < length) {
      // A word starts with a letter or digit and runs over key characters.
      const code = text.charCodeAt(at);
      if (!(code < 128 && WORD_START[code])) {
        at += 1;
        continue;
      }
      const start = at;
      at += 1;
      while (at < length) {
        const inner = text.charCodeAt(at);
        if (!(inner < 128 && KEY_CHAR[inner])) break;
        at += 1;
      }
      if (at - start < shortest) continue;
      lookUp(text.slice(start, at), start);
    }
    return hits;

    function lookUp(word: string, offset: number) {
      if (word.length <= longest && known.has(word)) {
        hit(word, offset);
        return;
      }
      // A sentence's full stop or a trailing dash is not part of the key.
      const last = word.charCodeAt(word.length - 1);
      if (last === 46 || last === 45) {
        const trimmed = word.replace(/[.-]+$/, '');
        if (known.has(trimmed)) {
          hit(trimmed, offset);
          return;
        }
      }
      if (!word.includes('.')) return;
      let partStart = 0;
      for (const part of word.split('.')) {
        if (part.length >= shortest && known.has(part)) hit(part, offset + partStart);
        partStart += part.length + 1;
      }
    }
  };
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
