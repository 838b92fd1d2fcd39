import type { KeyHit } from './references.ts';
import { type WalkOptions, type WalkStats, walkSourceTree } from './source-tree.ts';

/** A key recognised in a file of the tree. */
export interface Reference extends KeyHit {
  /** Relative to the scanned root, with `/` separators. */
  file: string;
}

export interface Scan {
  references: Reference[];
  stats: WalkStats;
}

/** Runs `recognise` over every text file of the tree; references sorted by file, line and column. */
export function scanTree(
  root: string,
  recognise: (text: string) => KeyHit[],
  options: WalkOptions = {},
): Scan {
  const references: Reference[] = [];
  const stats = walkSourceTree(
    root,
    (file) => {
      for (const hit of recognise(file.text)) references.push({ file: file.path, ...hit });
    },
    options,
  );
  references.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
  return { references, stats };
}

/** `file:line:column`, as editors and terminals link it. */
export function locationOf(reference: Reference): string {
  return `${reference.file}:${reference.line}:${reference.column}`;
}

/** References grouped by key, keys in order. */
export function byKey(references: Reference[]): Map<string, Reference[]> {
  const groups = new Map<string, Reference[]>();
  for (const reference of references) {
    const group = groups.get(reference.key);
    if (group) group.push(reference);
    else groups.set(reference.key, [reference]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
