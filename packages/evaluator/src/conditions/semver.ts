/** SemVer 2.0.0 parsing and precedence (https://semver.org, section 11). No `v` prefix. */

export interface SemVer {
  readonly core: readonly [number, number, number];
  /** Pre-release identifiers: numbers for numeric ones. Empty for a release. */
  readonly pre: readonly (string | number)[];
}

const NUM = '0|[1-9]\\d*';
const ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${ID}(?:\\.${ID})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

export function parseSemver(text: string): SemVer | undefined {
  const m = text.length <= 256 ? SEMVER.exec(text) : null;
  if (!m) return undefined;
  const core: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!core.every(Number.isSafeInteger)) return undefined;
  const pre = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [];
  return { core, pre };
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as `a` has lower, equal or higher precedence than `b`. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const d = a.core[i]! - b.core[i]!;
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
