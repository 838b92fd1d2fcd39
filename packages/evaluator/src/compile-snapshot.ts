import { type CompiledFlag, compileFlag } from './compile-flag.ts';
import { type ConditionScope, compileCondition, type Matcher } from './conditions/compile-condition.ts';
import { MalformedFlagError, malformed, requireArray, requireString } from './conditions/malformed.ts';
import { type Context, contextKey } from './context.ts';
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
  /** The source, as given: what an SDK persists or serves back. */
  readonly source: Snapshot | undefined;
  /** Keys of the flags being evaluated, outermost first: how prerequisite cycles are seen. */
  readonly evaluating: string[];
}

/** A flag nests at most this many prerequisites below it (the playbook: don't nest flags deeply). */
export const MAX_PREREQUISITE_DEPTH = 5;

interface CompiledSegment {
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly matchers: readonly Matcher[];
}

const NO_NESTING: ConditionScope = {
  inSegment: () => malformed('segment conditions cannot refer to segments'),
  prerequisiteVariant: () => malformed('segment conditions cannot refer to flags'),
};

function compileSegment(segment: Segment): CompiledSegment {
  const keys = (list: unknown) => new Set((list === undefined ? [] : requireArray(list, 'keys')).map(String));
  const matchers = (
    segment.conditions === undefined ? [] : requireArray(segment.conditions, 'conditions')
  ).map((c) => {
    const op = (c as { op?: unknown })?.op;
    if (op === 'segment' || op === 'flag') malformed(`segment conditions cannot use ${op}`);
    return compileCondition(c as never, NO_NESTING);
  });
  return { included: keys(segment.included), excluded: keys(segment.excluded), matchers };
}

function isMember(segment: CompiledSegment, ctx: Context): boolean {
  const key = contextKey(ctx);
  if (key !== undefined) {
    if (segment.excluded.has(key)) return false;
    if (segment.included.has(key)) return true;
  }
  return segment.matchers.length > 0 && segment.matchers.every((m) => m(ctx));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Prepares a snapshot for evaluation. Never throws: a malformed flag evaluates to MALFORMED_FLAG. */
export function compileSnapshot(snapshot: Snapshot): CompiledSnapshot {
  const source = typeof snapshot === 'object' && snapshot !== null ? snapshot : undefined;
  const segments = new Map<string, CompiledSegment | undefined>();
  for (const segment of list(source?.segments) as Segment[]) {
    try {
      segments.set(requireString(segment?.key, 'segment key'), compileSegment(segment));
    } catch {
      // A malformed segment has no members; its key (if any) is known so conditions stay false.
      if (typeof segment?.key === 'string') segments.set(segment.key, undefined);
    }
  }
  const flags = new Map<string, FlagEntry>();
  const stack: string[] = [];
  const scope: ConditionScope = {
    inSegment(key, ctx) {
      const segment = segments.get(key);
      return segment !== undefined && isMember(segment, ctx);
    },
    prerequisiteVariant(key, ctx) {
      const entry = flags.get(key);
      if (entry === undefined || 'malformed' in entry) return undefined;
      if (stack.includes(key))
        throw new EvaluationAbort('PREREQUISITE_CYCLE', `prerequisite cycle at ${key}`);
      if (stack.length > MAX_PREREQUISITE_DEPTH) {
        throw new EvaluationAbort(
          'PREREQUISITE_TOO_DEEP',
          `prerequisites nest deeper than ${MAX_PREREQUISITE_DEPTH}`,
        );
      }
      stack.push(key);
      try {
        return entry.variantKeys[runFlag(entry, ctx)];
      } finally {
        stack.pop();
      }
    },
  };
  for (const flag of list(source?.flags) as FlagConfig[]) {
    const key = typeof flag?.key === 'string' ? flag.key : undefined;
    if (key === undefined) continue;
    try {
      flags.set(key, compileFlag(flag, scope));
    } catch (error) {
      const message = error instanceof MalformedFlagError ? error.message : 'the flag cannot be read';
      flags.set(key, { key, malformed: message });
    }
  }
  return {
    environment: typeof source?.environment === 'string' ? source.environment : '',
    revision: typeof source?.revision === 'number' ? source.revision : 0,
    flags,
    source,
    evaluating: stack,
  };
}
