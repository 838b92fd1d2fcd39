import { closeSync, type Dirent, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** A text file of the tree, by its path relative to the root (with `/` separators). */
export interface SourceFile {
  path: string;
  text: string;
}

export interface WalkOptions {
  /** Files larger than this are skipped (generated bundles, data dumps). @default 1 MiB */
  maxBytes?: number;
}

export interface WalkStats {
  /** Text files read. */
  files: number;
  /** Files left out: binary (a NUL byte in the first 8 KB, git's test) or larger than `maxBytes`. */
  skipped: { binary: number; large: number };
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;
const BINARY_PROBE_BYTES = 8000;

/** The `.gitignore` rules of one directory, which apply to paths below it. */
interface IgnoreLevel {
  /** The directory, relative to the root ('' for the root), with a trailing `/` unless the root. */
  base: string;
  rules: Ignore;
}

/**
 * Calls `visit` with every text file under `root`, as git would see the tree: `.gitignore` files at
 * every level apply to the paths below them (a deeper file can re-include with `!pattern`, but not
 * below an ignored directory, which is never entered), `.git` is never entered, symbolic links are
 * not followed.
 */
export function walkSourceTree(
  root: string,
  visit: (file: SourceFile) => void,
  options: WalkOptions = {},
): WalkStats {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const stats: WalkStats = { files: 0, skipped: { binary: 0, large: 0 } };

  // One open, one stat and one read per file: the size decides before anything is read.
  const readText = (path: string): string | undefined => {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > maxBytes) {
        stats.skipped.large += 1;
        return undefined;
      }
      const buffer = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const got = readSync(fd, buffer, read, size - read, read);
        if (got === 0) break;
        read += got;
      }
      const probeEnd = Math.min(read, BINARY_PROBE_BYTES);
      const nul = buffer.indexOf(0);
      if (nul !== -1 && nul < probeEnd) {
        stats.skipped.binary += 1;
        return undefined;
      }
      return buffer.toString('utf8', 0, read);
    } finally {
      closeSync(fd);
    }
  };

  const walk = (dir: string, relative: string, levels: IgnoreLevel[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to report from it
    }
    const own = entries.find((entry) => entry.isFile() && entry.name === '.gitignore');
    const here = own
      ? [...levels, { base: relative, rules: ignore().add(readFileSync(join(dir, own.name), 'utf8')) }]
      : levels;
    for (const entry of entries) {
      const isDirectory = entry.isDirectory();
      if (!isDirectory && !entry.isFile()) continue;
      if (isDirectory && entry.name === '.git') continue;
      const path = `${relative}${entry.name}`;
      if (ignored(here, isDirectory ? `${path}/` : path)) continue;
      if (isDirectory) {
        walk(join(dir, entry.name), `${path}/`, here);
      } else {
        const text = readText(join(dir, entry.name));
        if (text === undefined) continue;
        stats.files += 1;
        visit({ path, text });
      }
    }
  };

  walk(root, '', []);
  return stats;
}

/** Git's precedence: the deepest `.gitignore` with a rule for the path decides. */
function ignored(levels: IgnoreLevel[], path: string): boolean {
  for (let index = levels.length - 1; index >= 0; index -= 1) {
    const level = levels[index] as IgnoreLevel;
    const result = level.rules.test(path.slice(level.base.length));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
