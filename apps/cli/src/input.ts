import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

/**
 * Parsers for option values (commander's `argParser`): a bad value is a usage error (exit 2) with
 * commander's message, before anything is sent.
 */
export const parse = {
  /** `a,b , c` → `['a', 'b', 'c']`. */
  list(text: string): string[] {
    return text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  },

  /** A whole number from 1 (versions, counts). */
  positiveInteger(text: string): number {
    if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new InvalidArgumentError('expected a whole number from 1');
    return Number(text);
  },

  /** A percentage from 0 to 100 with at most three decimals. */
  percentage(text: string): number {
    const value = Number(text.replace(/%$/, ''));
    if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
      throw new InvalidArgumentError('expected a percentage from 0 to 100');
    }
    return value;
  },

  /** `2027-01-31`, a full ISO date-time, or a span from now (`30d`, `12h`, `2w`) → an ISO date-time. */
  date(text: string, now = new Date()): string {
    const span = /^(\d{1,4})([hdw])$/.exec(text.trim());
    if (span) {
      const hours = { h: 1, d: 24, w: 24 * 7 }[span[2] as 'h' | 'd' | 'w'];
      return new Date(now.getTime() + Number(span[1]) * hours * 3_600_000).toISOString();
    }
    const date = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? new Date(text) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) {
      throw new InvalidArgumentError('expected a date (2027-01-31), a date-time, or a span like 30d');
    }
    return date.toISOString();
  },

  /** A duration in seconds: `90`, `90s`, `30m`, `2h`, `1d`. */
  seconds(text: string): number {
    const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
    if (!match) throw new InvalidArgumentError('expected a duration: 90, 90s, 30m, 2h or 1d');
    return (
      Number(match[1]) * { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd']
    );
  },

  /** A JSON object given on the command line (`--context '{"userId":"u1"}'`). */
  jsonObject(text: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`not JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidArgumentError('expected a JSON object');
    }
    return value as Record<string, unknown>;
  },

  /** Any JSON value given on the command line (`--value '{"a":1}'`, `--value true`). */
  json(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`not JSON: ${(error as Error).message}`);
    }
  },
};

/**
 * A JSON object from a file, or from stdin for `-`. A missing or malformed file is refused input
 * (exit 7) and nothing is sent.
 */
export async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  const where = path === '-' ? 'stdin' : resolve(path);
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(where, 'utf8');
  } catch (error) {
    throw new CliError(EXIT.invalidInput, `cannot read ${where}: ${(error as Error).message}`, 'BAD_INPUT');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(EXIT.invalidInput, `${where} is not JSON: ${(error as Error).message}`, 'BAD_INPUT');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(EXIT.invalidInput, `${where} must hold a JSON object`, 'BAD_INPUT');
  }
  return value as Record<string, unknown>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The `If-Match` for a write: the version the user read (`--if-version 3` → `"3"`), so that a write
 * based on an older version is refused (412, exit 5); without it, `*`: the change applies to the
 * current version, whatever it is (as a person at the console would).
 */
export function ifMatch(version: number | undefined): string {
  return version === undefined ? '*' : `"${version}"`;
}

/** A usage error found after parsing (a combination of options that does not make sense). */
export function usage(message: string): CliError {
  return new CliError(EXIT.usage, message, 'USAGE');
}

/** Drops the keys whose value is `undefined` (request bodies under `exactOptionalPropertyTypes`). */
export function defined<T extends Record<string, unknown>>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };
