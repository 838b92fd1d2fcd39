import { existsSync, statSync } from 'node:fs';
import { CliError } from '../cli-error.ts';
import type { WalkOptions } from '../code/source-tree.ts';
import { EXIT } from '../exit-codes.ts';
import { parse } from '../input.ts';

/** Commander's parser for `--keys a,b,c`, repeatable: `--keys a --keys b,c` adds up. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...parse.list(value)];
}

/** A directory to scan, or a usage error (exit 2). */
export function sourceRoot(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new CliError(EXIT.usage, `${path} is not a directory`, 'NOT_A_DIRECTORY');
  }
  return path;
}

export function walkOptions(options: { maxFileSize?: number }): WalkOptions {
  const max = options.maxFileSize;
  if (max === undefined) return {};
  if (!Number.isInteger(max) || max <= 0) {
    throw new CliError(EXIT.usage, '--max-file-size must be a positive number of bytes', 'BAD_OPTION');
  }
  return { maxBytes: max };
}
