import { EXPLAIN } from '#explain';
import { Interner } from '#intern';
import { type CompiledFlag, compileFlag } from './compile-flag.ts';
import {
  type CompiledCondition,
  type ConditionScope,
  compileCondition,
  conditionHolds,
} from './conditions/condition.ts';
import { MalformedFlagError, requireArray, requireString, UNREADABLE } from './conditions/malformed.ts';
import { type Context, contextKey } from './context.ts';
import { segmentKeyHash } from './key-hash.ts';
import type { FlagConfig, Segment, Snapshot } from './model.ts';
import { EvaluationAbort, runFlag } from './run-flag.ts';

/** A flag that could not be compiled: it evaluates to MALFORMED_FLAG with this message. */
export interface MalformedFlag {
  readonly key: string;
  readonly malformed: string;
}

export type FlagEntry = CompiledFlag | MalformedFlag;

export interface CompiledSnapshot {
  readonly environment: string;
  readonly revision: number;
  readonly flags: ReadonlyMap<string, FlagEntry>;
  /** Segment and prerequisite lookups for conditions, bound to this snapshot. */
  readonly scope: ConditionScope;
  /** Keys of the flags being evaluated, outermost first: how prerequisite cycles are seen. */
  readonly evaluating: string[];
  /** How many flags compiled (their `ordinal`s are 0 to flagCount - 1). */
  readonly flagCount: number;
}

/** A flag nests at most this many prerequisites below it (the playbook: don't nest flags deeply). */
export const MAX_PREREQUISITE_DEPTH = 5;

interface CompiledSegment {
  readonly key: string;
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly includedHashes: ReadonlySet<string>;
  readonly excludedHashes: ReadonlySet<string>;
  /** The input the hashed lists are keyed with (the segment's salt, else its key). */
  readonly hashSalt: string;
  readonly conditions: readonly CompiledCondition[];
}

function keySet(list: unknown): Set<string> {
  return new Set((list === undefined ? [] : requireArray(list, EXPLAIN && 'keys')).map(String));
}

function compileSegment(segment: Segment, intern: Interner): CompiledSegment {
  const conditions =
    segment.conditions === undefined ? [] : requireArray(segment.conditions, EXPLAIN && 'conditions');
  return {
    key: segment.key,
    included: keySet(segment.included),
    excluded: keySet(segment.excluded),
    includedHashes: keySet(segment.includedHashes),
    hashSalt: typeof segment.salt === 'string' ? segment.salt : segment.key,
    excludedHashes: keySet(segment.excludedHashes),
    conditions: conditions.map((c) =>
      intern.get('segment-condition', c, () => compileCondition(c as never, false)),
    ),
  };
}

function isMember(segment: CompiledSegment, ctx: Context, scope: ConditionScope): boolean {
  const key = contextKey(ctx);
  if (key !== undefined) {
    const hashed = segment.includedHashes.size + segment.excludedHashes.size > 0;
    const hash = hashed ? segmentKeyHash(segment.hashSalt, key) : '';
    if (segment.excluded.has(key) || segment.excludedHashes.has(hash)) return false;
    if (segment.included.has(key) || segment.includedHashes.has(hash)) return true;
  }
  return segment.conditions.length > 0 && segment.conditions.every((c) => conditionHolds(c, ctx, scope));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Prepares a snapshot for evaluation. Never throws: a malformed flag evaluates to MALFORMED_FLAG. */
export function compileSnapshot(snapshot: Snapshot): CompiledSnapshot {
  const source = typeof snapshot === 'object' && snapshot !== null ? snapshot : undefined;
  const intern = new Interner();
  const segments = new Map<string, CompiledSegment | undefined>();
  for (const segment of list(source?.segments) as Segment[]) {
    try {
      segments.set(requireString(segment?.key, EXPLAIN && 'segment key'), compileSegment(segment, intern));
    } catch {
      // A malformed segment has no members.
      if (typeof segment?.key === 'string') segments.set(segment.key, undefined);
    }
  }
  const flags = new Map<string, FlagEntry>();
  const evaluating: string[] = [];
  const scope: ConditionScope = {
    inSegment(key, ctx) {
      const segment = segments.get(key);
      return segment !== undefined && isMember(segment, ctx, scope);
    },
    prerequisiteVariant(key, ctx) {
      const entry = flags.get(key);
      if (entry === undefined || 'malformed' in entry) return undefined;
      if (evaluating.includes(key))
        throw new EvaluationAbort(
          'PREREQUISITE_CYCLE',
          (EXPLAIN && `prerequisite cycle at ${key}`) || UNREADABLE,
        );
      if (evaluating.length > MAX_PREREQUISITE_DEPTH) {
        throw new EvaluationAbort(
          'PREREQUISITE_TOO_DEEP',
          (EXPLAIN && `prerequisites nest deeper than ${MAX_PREREQUISITE_DEPTH}`) || UNREADABLE,
        );
      }
      evaluating.push(key);
      try {
        return entry.variants.keys[runFlag(entry, ctx, scope)];
      } finally {
        evaluating.pop();
      }
    },
  };
  let ordinal = 0;
  for (const flag of list(source?.flags) as FlagConfig[]) {
    const key = typeof flag?.key === 'string' ? flag.key : undefined;
    if (key === undefined) continue;
    try {
      const compiled = compileFlag(flag, intern);
      compiled.ordinal = ordinal++;
      flags.set(key, compiled);
    } catch (error) {
      const message = error instanceof MalformedFlagError ? error.message : UNREADABLE;
      flags.set(key, { key, malformed: message });
    }
  }
  return {
    environment: typeof source?.environment === 'string' ? source.environment : '',
    revision: typeof source?.revision === 'number' ? source.revision : 0,
    flags,
    scope,
    evaluating,
    flagCount: ordinal,
  };
}
