import {
  compileSnapshot,
  type Evaluation,
  type EvaluationContext,
  evaluate,
  type FlagConfig,
  type JsonValue,
  type Rule,
  type Segment,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { defaultEnvironmentState, type FlagDocument, valueType } from '../flags/flag-document.ts';
import { toSegment } from '../flags/flag-loader.ts';
import {
  type EnvironmentFlagRow,
  findFlagVersion,
  listFlagsInEnvironment,
} from '../flags/flags-repository.ts';
import { listSegments } from '../segments/segments-repository.ts';
import { clientSafeSnapshot } from './client-safe-snapshot.ts';
import type { WrittenFlag } from './committed-change.ts';
import { findEnvironment } from './environments-repository.ts';
import { readClientSalt } from './installation-repository.ts';

export interface Explanation {
  flag: string;
  environment: string;
  flagVersion: number;
  archived: boolean;
  evaluation: Evaluation;
  /** The rule that decided the result, when one did. */
  matchedRule: Rule | null;
}

/**
 * What client keys receive: the client-visible flags plus the prerequisites they reach, and the
 * segments those flags name, so a browser evaluates exactly as the server would. A prerequisite
 * travels with the flag that needs it, client-visible or not. (Segments cannot name flags or other
 * segments: the evaluator refuses such conditions there.)
 */
function clientClosure(flags: FlagConfig[], segments: Segment[], visible: Set<string>) {
  const flagsByKey = new Map(flags.map((f) => [f.key, f]));
  const flagKeys = new Set<string>();
  const segmentKeys = new Set<string>();
  const pending = [...visible];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    const flag = flagsByKey.get(key);
    if (!flag || flagKeys.has(key)) continue;
    flagKeys.add(key);
    for (const condition of flag.rules.flatMap((rule) => rule.conditions)) {
      if (condition.op === 'segment') for (const s of condition.segments) segmentKeys.add(s);
      else if (condition.op === 'flag') pending.push(condition.flag);
    }
  }
  return {
    flags: flags.filter((f) => flagKeys.has(f.key)),
    segments: segments.filter((s) => segmentKeys.has(s.key)),
  };
}

export type Audience = 'server' | 'client';

/** The evaluator's flag from one environment's row; no state row yet means the creation defaults. */
function toEnvironmentFlagConfig(row: EnvironmentFlagRow): FlagConfig {
  const state =
    row.enabled === null
      ? defaultEnvironmentState(row.variants)
      : {
          enabled: row.enabled,
          offVariant: row.offVariant!,
          rules: row.rules!,
          fallthrough: row.fallthrough!,
        };
  return {
    key: row.key,
    type: row.type as FlagConfig['type'],
    salt: row.salt,
    variants: row.variants,
    enabled: state.enabled,
    offVariant: state.offVariant,
    rules: state.rules,
    fallthrough: state.fallthrough,
    version: row.version,
  };
}

/** One environment's flags (archived ones left out) and every segment, as of one revision. */
export interface EnvironmentRead {
  revision: number;
  /** The installation's salt for client snapshots' hashed lists (see client-safe-snapshot.ts). */
  clientSalt: string;
  /** Sorted by key. */
  rows: EnvironmentFlagRow[];
  segments: Segment[];
}

/** A flag document's row in one environment, as `listFlagsInEnvironment` would read it. */
function environmentRowOf(flag: WrittenFlag, environment: string): EnvironmentFlagRow {
  const state = flag.environments[environment];
  return {
    key: flag.key,
    type: flag.type,
    salt: flag.salt,
    variants: flag.variants,
    version: flag.version,
    archived: flag.archived,
    enabled: state?.enabled ?? null,
    offVariant: state?.offVariant ?? null,
    rules: state?.rules ?? null,
    fallthrough: state?.fallthrough ?? null,
    clientVisible: state?.clientVisible ?? null,
  };
}

/**
 * The read at `revision` from the read at `revision - 1` and the one flag the write in between changed
 * (the caller checks the revisions follow each other). Nothing else can differ: every write bumps the
 * revision in its own transaction.
 */
export function withFlag(
  read: EnvironmentRead,
  environment: string,
  revision: number,
  flag: WrittenFlag,
): EnvironmentRead {
  const rows = read.rows.filter((r) => r.key !== flag.key);
  if (!flag.archived) {
    const at = rows.findIndex((r) => r.key > flag.key);
    rows.splice(at === -1 ? rows.length : at, 0, environmentRowOf(flag, environment));
  }
  return { revision, rows, segments: read.segments, clientSalt: read.clientSalt };
}

/**
 * What an SDK receives. Client audiences get only client-visible flags and the segments they name, with
 * nothing secret in them.
 */
export function shapeSnapshot(environment: string, audience: Audience, found: EnvironmentRead): Snapshot {
  const { revision, rows, segments } = found;
  const flags = rows.map(toEnvironmentFlagConfig);
  const visible = new Set(rows.filter((r) => r.clientVisible === true).map((r) => r.key));
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    environment,
    revision,
    ...(audience === 'server' ? { flags, segments } : clientClosure(flags, segments, visible)),
  };
  // Client keys are public: whatever route serves them, listed keys never leave in clear.
  return audience === 'server' ? snapshot : clientSafeSnapshot(snapshot, found.clientSalt);
}

export function createSnapshotService(db: Db) {
  // The installation's secret never changes: read once per process.
  let clientSalt: Promise<string> | undefined;
  const installationSalt = (tx: Db) => {
    clientSalt ??= readClientSalt(tx).catch((error: unknown) => {
      clientSalt = undefined; // a failed read (database away) is tried again next time
      throw error;
    });
    return clientSalt;
  };

  /** One environment's flags and segments as one consistent read, in three queries. */
  async function read(environment: string, includeArchived: boolean): Promise<EnvironmentRead> {
    return db.transaction(
      async (tx) => {
        const env = await findEnvironment(tx, environment);
        if (!env) throw new NotFoundError(`Environment ${environment}`);
        const rows = (await listFlagsInEnvironment(tx, environment)).filter(
          (r) => includeArchived || !r.archived,
        );
        const segments = (await listSegments(tx)).map(toSegment);
        return { revision: env.revision, rows, segments, clientSalt: await installationSalt(tx) };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  return {
    async snapshot(environment: string, audience: Audience): Promise<Snapshot> {
      return shapeSnapshot(environment, audience, await read(environment, false));
    },

    /** What SDK snapshots are made of (live delivery shapes both audiences from one read). */
    read: (environment: string): Promise<EnvironmentRead> => read(environment, false),
    shape: shapeSnapshot,
    withFlag,

    async flagVersion(key: string, version: number): Promise<WrittenFlag | undefined> {
      const row = await findFlagVersion(db, key, version);
      return row && { ...(row.document as unknown as FlagDocument), version };
    },

    async revision(environment: string): Promise<number> {
      const env = await findEnvironment(db, environment);
      if (!env) throw new NotFoundError(`Environment ${environment}`);
      return env.revision;
    },

    /** Why a context gets what it gets: the evaluator's answer with its reason, rule and bucket. */
    async explain(flagKey: string, environment: string, context: EvaluationContext): Promise<Explanation> {
      const { revision, rows, segments } = await read(environment, true);
      const row = rows.find((r) => r.key === flagKey);
      if (!row) throw new NotFoundError(`Flag ${flagKey}`);
      const flags = rows.map(toEnvironmentFlagConfig);
      const flag = flags.find((f) => f.key === flagKey)!;
      const compiled = compileSnapshot({
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        environment,
        revision,
        flags,
        segments,
      });
      const offValue: JsonValue = flag.variants.find((v) => v.key === flag.offVariant)?.value ?? null;
      const evaluation = evaluate(compiled, flagKey, context, offValue, valueType(flag.variants));
      const matchedRule =
        evaluation.ruleIndex === undefined ? null : (flag.rules[evaluation.ruleIndex] ?? null);
      return {
        flag: flagKey,
        environment,
        flagVersion: row.version,
        archived: row.archived,
        evaluation,
        matchedRule,
      };
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
