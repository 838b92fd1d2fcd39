/** SemVer 2.0.0 parsing and precedence (https://semver.org, section 11). No `v` prefix. */

export interface SemVer {
  /** Major, minor, patch as digit strings: compared exactly, whatever their size. */
  readonly core: readonly [string, string, string];
  /** Pre-release identifiers. Empty for a release. */
  readonly pre: readonly string[];
}

const NUM = '0|[1-9]\\d*';
const ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${ID}(?:\\.${ID})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);
const NUMERIC = /^\d+$/;

export function parseSemver(text: string): SemVer | undefined {
  const m = text.length <= 256 ? SEMVER.exec(text) : null;
  if (!m) return undefined;
  return { core: [m[1]!, m[2]!, m[3]!], pre: m[4] ? m[4].split('.') : [] };
}

/** Numbers without leading zeros compare by length, then digit by digit. */
function compareNumbers(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return compareNumbers(a, b);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as `a` has lower, equal or higher precedence than `b`. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const d = compareNumbers(a.core[i]!, b.core[i]!);
    if (d !== 0) return d;
  }
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  const n = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const d = compareIds(a.pre[i]!, b.pre[i]!);
    if (d !== 0) return d;
  }
  return a.pre.length - b.pre.length;
}
