import {
  type Condition,
  compileSnapshot,
  type Evaluation,
  type EvaluationContext,
  evaluate,
  type JsonValue,
  type Rule,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { toFlagConfig, valueType } from '../flags/flag-document.ts';
import { loadFlagViews, toSegment } from '../flags/flag-loader.ts';
import { listAllFlags } from '../flags/flags-repository.ts';
import { listSegments } from '../segments/segments-repository.ts';
import { findEnvironment, listEnvironments } from './environments-repository.ts';

export interface Explanation {
  flag: string;
  environment: string;
  flagVersion: number;
  archived: boolean;
  evaluation: Evaluation;
  /** The rule that decided the result, when one did. */
  matchedRule: Rule | null;
}

function segmentKeysOf(rules: Rule[]): Set<string> {
  const keys = new Set<string>();
  const visit = (c: Condition) => {
    if (c.op === 'segment') for (const s of c.segments) keys.add(s);
  };
  for (const rule of rules) rule.conditions.forEach(visit);
  return keys;
}

type Audience = 'server' | 'client';

export function createSnapshotService(db: Db, clock: () => Date = () => new Date()) {
  /** One environment's flags and segments as one consistent read. */
  async function read(environment: string, includeArchived: boolean) {
    return db.transaction(
      async (tx) => {
        const env = await findEnvironment(tx, environment);
        if (!env) throw new NotFoundError(`Environment ${environment}`);
        const envKeys = (await listEnvironments(tx)).map((e) => e.key);
        const rows = (await listAllFlags(tx)).filter((row) => includeArchived || !row.archived);
        const views = await loadFlagViews(tx, rows, envKeys, clock());
        const segments = (await listSegments(tx)).map(toSegment);
        return { revision: env.revision, views, segments };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  return {
    /** What an SDK receives. Client audiences get only client-visible flags and the segments they name. */
    async snapshot(environment: string, audience: Audience): Promise<Snapshot> {
      const { revision, views, segments } = await read(environment, false);
      const visible =
        audience === 'server' ? views : views.filter((v) => v.environments[environment]?.clientVisible);
      const flags = visible.map((v) => toFlagConfig(v, environment, v.version));
      const named = new Set(flags.flatMap((f) => [...segmentKeysOf(f.rules)]));
      return {
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        environment,
        revision,
        flags,
        segments: audience === 'server' ? segments : segments.filter((s) => named.has(s.key)),
      };
    },

    async revision(environment: string): Promise<number> {
      const env = await findEnvironment(db, environment);
      if (!env) throw new NotFoundError(`Environment ${environment}`);
      return env.revision;
    },

    /** Why a context gets what it gets: the evaluator's answer with its reason, rule and bucket. */
    async explain(flagKey: string, environment: string, context: EvaluationContext): Promise<Explanation> {
      const { revision, views, segments } = await read(environment, true);
      const view = views.find((v) => v.key === flagKey);
      if (!view) throw new NotFoundError(`Flag ${flagKey}`);
      const state = view.environments[environment];
      if (!state)
        throw new ValidationError([
          { path: ['environment'], message: `there is no environment ${environment}` },
        ]);
      const compiled = compileSnapshot({
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        environment,
        revision,
        flags: views.map((v) => toFlagConfig(v, environment, v.version)),
        segments,
      });
      const offValue: JsonValue = view.variants.find((v) => v.key === state.offVariant)?.value ?? null;
      const evaluation = evaluate(compiled, flagKey, context, offValue, valueType(view.variants));
      const matchedRule =
        evaluation.ruleIndex === undefined ? null : (state.rules[evaluation.ruleIndex] ?? null);
      return {
        flag: flagKey,
        environment,
        flagVersion: view.version,
        archived: view.archived,
        evaluation,
        matchedRule,
      };
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
