import type { JsonValue } from '@flagstaff/evaluator';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import {
  auditLog,
  environments,
  flagEnvironments,
  flags,
  flagVersions,
  outbox,
  rolloutPlans,
  segments,
} from '../db/schema.ts';
import type { NewDomainEvent } from '../events/domain-event.ts';
import { outboxValues } from '../events/outbox-repository.ts';
import type { LifecycleState } from './flag-document.ts';

export type FlagRow = typeof flags.$inferSelect;
export type NewFlagRow = typeof flags.$inferInsert;
export type FlagEnvironmentRow = typeof flagEnvironments.$inferSelect;
export type FlagVersionRow = typeof flagVersions.$inferSelect;

export interface FlagFilter {
  type?: string | undefined;
  owner?: string | undefined;
  tag?: string | undefined;
  state?: LifecycleState | undefined;
  /** Keys strictly after this one (keyset pagination). */
  after?: string | undefined;
  limit: number;
}

export async function findFlag(db: Db, key: string, forUpdate = false): Promise<FlagRow | undefined> {
  const query = db.select().from(flags).where(eq(flags.key, key)).limit(1);
  const [row] = await (forUpdate ? query.for('update') : query);
  return row;
}

function stateCondition(state: LifecycleState, now: Date): SQL | undefined {
  if (state === 'archived') return eq(flags.archived, true);
  if (state === 'expired') return and(eq(flags.archived, false), lt(flags.expiresAt, now));
  return and(eq(flags.archived, false), or(isNull(flags.expiresAt), gte(flags.expiresAt, now)));
}

/** A flag row with its per-environment state and the environment keys, read in one round trip. */
export interface FlagWithStates {
  flag: FlagRow;
  states: FlagEnvironmentRow[];
  environmentKeys: string[];
}

const withStates = {
  ...getTableColumns(flags),
  states: sql<FlagEnvironmentRow[]>`coalesce((select json_agg(json_build_object(
      'flagKey', fe.flag_key, 'environmentKey', fe.environment_key, 'enabled', fe.enabled,
      'offVariant', fe.off_variant, 'rules', fe.rules, 'fallthrough', fe.fallthrough,
      'clientVisible', fe.client_visible))
    from ${flagEnvironments} fe where fe.flag_key = ${flags.key}), '[]'::json)`,
  environmentKeys: sql<
    string[]
  >`(select json_agg(e.key order by e.created_at, e.key) from ${environments} e)`,
};

function splitRow(
  row: FlagRow & { states: FlagEnvironmentRow[]; environmentKeys: string[] },
): FlagWithStates {
  const { states, environmentKeys, ...flag } = row;
  return { flag, states, environmentKeys: environmentKeys ?? [] };
}

/** `forUpdate`: locks the flag row (only it) until the transaction ends. */
export async function findFlagWithStates(
  db: Db,
  key: string,
  forUpdate = false,
): Promise<FlagWithStates | undefined> {
  const query = db.select(withStates).from(flags).where(eq(flags.key, key)).limit(1);
  const [row] = await (forUpdate ? query.for('update', { of: flags }) : query);
  return row ? splitRow(row) : undefined;
}

export async function listFlagsWithStates(db: Db, filter: FlagFilter, now: Date): Promise<FlagWithStates[]> {
  const rows = await db
    .select(withStates)
    .from(flags)
    .where(and(...filterConditions(filter, now)))
    .orderBy(asc(flags.key))
    .limit(filter.limit);
  return rows.map(splitRow);
}

function filterConditions(filter: FlagFilter, now: Date): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [];
  if (filter.type) where.push(eq(flags.type, filter.type));
  if (filter.owner) where.push(eq(flags.owner, filter.owner));
  if (filter.tag) where.push(sql`${flags.tags} @> ${JSON.stringify([filter.tag])}::jsonb`);
  if (filter.state) where.push(stateCondition(filter.state, now));
  if (filter.after) where.push(gt(flags.key, filter.after));
  return where;
}

/** Every flag (archived included), for building environment snapshots and validation references. */
export async function listAllFlags(db: Db): Promise<FlagRow[]> {
  return db.select().from(flags).orderBy(asc(flags.key));
}

export async function findEnvironmentStates(db: Db, flagKeys: string[]): Promise<FlagEnvironmentRow[]> {
  if (flagKeys.length === 0) return [];
  return db.select().from(flagEnvironments).where(inArray(flagEnvironments.flagKey, flagKeys));
}

export async function tryInsertFlag(db: Db, row: NewFlagRow): Promise<FlagRow | undefined> {
  const [inserted] = await db.insert(flags).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** One flag version as written by `writeFlagVersion`. */
export interface FlagVersionWrite {
  key: string;
  /** Written only over this version (the one the change was computed from). */
  previousVersion: number;
  version: number;
  /** Segments the flag names: written only if all still exist, and share-locked until the commit. */
  segmentKeys: string[];
  row: Omit<NewFlagRow, 'key' | 'salt' | 'createdAt' | 'version'>;
  states: Omit<FlagEnvironmentRow, 'flagKey' | 'servedVersion'>[];
  /**
   * Environments whose served configuration this version changes: their revisions are bumped and they
   * serve this version. An environment the flag had no state in yet counts as changed too.
   */
  changedEnvironments: string[];
  /** The whole document as of this version (version history and the audit's `after`). */
  document: JsonValue;
  audit: {
    actor: string;
    action: string;
    before: JsonValue | null;
    environment: string | null;
    reason?: string | undefined;
  };
  /** Outbox rows committed with the change (ADR 0008). */
  events: NewDomainEvent[];
  /**
   * Written only while no rollout plan is active on the flag (the optimistic path: a planned flag's
   * writes take the locked path, where the plan is checked).
   */
  requireNoActivePlan: boolean;
}

/**
 * Writes a flag version in one statement (atomic on its own, or inside the caller's transaction): the
 * flag row, its per-environment states, the version record, the audit record, the outbox rows and the
 * revisions of the environments it changed. Nothing is written unless the flag is still at
 * `previousVersion` and every segment it names exists; `undefined` then. One round trip instead of five
 * keeps a write short while the event loop is busy serving reads (each round trip waits its turn).
 */
export async function writeFlagVersion(
  db: Db,
  write: FlagVersionWrite,
): Promise<{ environment: string; revision: number }[] | undefined> {
  const { row } = write;
  const noActivePlan = write.requireNoActivePlan
    ? sql`and not exists (select 1 from ${rolloutPlans} p where p.flag_key = ${write.key} and p.status in ('running', 'paused'))`
    : sql``;
  const result = await db.execute(sql`
    with document as (select ${JSON.stringify(write.document)}::jsonb as value),
    changed as (select jsonb_array_elements_text(${JSON.stringify(write.changedEnvironments)}::jsonb) as key),
    named as (
      select key from ${segments} where key in (select jsonb_array_elements_text(${JSON.stringify(write.segmentKeys)}::jsonb))
      for share
    ),
    updated as (
      update ${flags} set
        name = ${row.name}, description = ${row.description ?? ''}, type = ${row.type},
        owner = ${row.owner ?? null}, tags = ${JSON.stringify(row.tags ?? [])}::jsonb,
        variants = ${JSON.stringify(row.variants)}::jsonb, archived = ${row.archived ?? false},
        expires_at = ${row.expiresAt?.toISOString() ?? null}::timestamptz, version = ${write.version},
        updated_at = ${(row.updatedAt ?? new Date()).toISOString()}::timestamptz
      where key = ${write.key} and version = ${write.previousVersion}
        and (select count(*) from named) = ${write.segmentKeys.length}
        ${noActivePlan}
      returning key, updated_at
    ),
    states as (
      insert into ${flagEnvironments}
        (flag_key, environment_key, enabled, off_variant, rules, fallthrough, client_visible, served_version)
      select u.key, s."environmentKey", s.enabled, s."offVariant", s.rules, s.fallthrough, s."clientVisible",
        ${write.version}
      from updated u, jsonb_to_recordset(${JSON.stringify(write.states)}::jsonb) as s(
        "environmentKey" text, enabled boolean, "offVariant" text, rules jsonb, fallthrough jsonb,
        "clientVisible" boolean)
      on conflict (flag_key, environment_key) do update set
        enabled = excluded.enabled, off_variant = excluded.off_variant, rules = excluded.rules,
        fallthrough = excluded.fallthrough, client_visible = excluded.client_visible,
        served_version = case when excluded.environment_key in (select key from changed)
          then excluded.served_version else ${flagEnvironments}.served_version end
      returning environment_key, (xmax = 0) as inserted
    ),
    version as (
      insert into ${flagVersions} (flag_key, version, document, actor, created_at)
      select u.key, ${write.version}, d.value, ${write.audit.actor}, u.updated_at from updated u, document d
    ),
    audit as (
      insert into ${auditLog} (actor, action, resource_type, resource_key, environment_key, before, after, reason)
      select ${write.audit.actor}, ${write.audit.action}, 'flag', u.key, ${write.audit.environment},
        ${write.audit.before === null ? null : JSON.stringify(write.audit.before)}::jsonb, d.value,
        ${write.audit.reason ?? null}::text
      from updated u, document d
    ),
    events as (
      insert into ${outbox} (type, environment_key, subject_kind, subject_key, message, data)
      select e.type, e."environmentKey", e."subjectKind", e."subjectKey", e.message, coalesce(e.data, '{}'::jsonb)
      from updated u, jsonb_to_recordset(${JSON.stringify(write.events.map(outboxValues))}::jsonb) as e(
        type text, "environmentKey" text, "subjectKind" text, "subjectKey" text, message text, data jsonb)
    ),
    bumped as (
      update ${environments} set revision = revision + 1
      where exists (select 1 from updated)
        and (key in (select key from changed) or key in (select environment_key from states where inserted))
      returning key, revision
    )
    select (select count(*) from updated)::int as written,
      coalesce((select json_agg(json_build_object('environment', key, 'revision', revision)) from bumped),
        '[]'::json) as revisions`);
  const [outcome] = (
    result as unknown as {
      rows: { written: number; revisions: { environment: string; revision: number }[] }[];
    }
  ).rows;
  if (!outcome || outcome.written === 0) return undefined;
  return outcome.revisions;
}

export async function listFlagVersions(db: Db, flagKey: string): Promise<FlagVersionRow[]> {
  return db
    .select()
    .from(flagVersions)
    .where(eq(flagVersions.flagKey, flagKey))
    .orderBy(desc(flagVersions.version));
}

export async function findFlagVersion(
  db: Db,
  flagKey: string,
  version: number,
): Promise<FlagVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(flagVersions)
    .where(and(eq(flagVersions.flagKey, flagKey), eq(flagVersions.version, version)))
    .limit(1);
  return row;
}

/** Flags whose rules, in any environment, name the segment. */
export async function flagsUsingSegment(db: Db, segmentKey: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ key: flagEnvironments.flagKey })
    .from(flagEnvironments)
    .where(
      sql`jsonb_path_exists(${flagEnvironments.rules}, '$[*].conditions[*] ? (@.op == "segment").segments[*] ? (@ == $key)', jsonb_build_object('key', ${segmentKey}::text))`,
    )
    .orderBy(asc(flagEnvironments.flagKey));
  return rows.map((row) => row.key);
}

/** One environment's view of every flag: the evaluator's fields plus archive state and visibility. */
export interface EnvironmentFlagRow {
  key: string;
  type: string;
  salt: string;
  variants: FlagRow['variants'];
  version: number;
  archived: boolean;
  /** Null when the flag has no state row in this environment yet (it is then disabled there). */
  enabled: boolean | null;
  offVariant: string | null;
  rules: FlagEnvironmentRow['rules'] | null;
  fallthrough: FlagEnvironmentRow['fallthrough'] | null;
  clientVisible: boolean | null;
}

export async function listFlagsInEnvironment(db: Db, environment: string): Promise<EnvironmentFlagRow[]> {
  return db
    .select({
      key: flags.key,
      type: flags.type,
      salt: flags.salt,
      variants: flags.variants,
      version: sql<number>`coalesce(${flagEnvironments.servedVersion}, ${flags.version})`,
      archived: flags.archived,
      enabled: flagEnvironments.enabled,
      offVariant: flagEnvironments.offVariant,
      rules: flagEnvironments.rules,
      fallthrough: flagEnvironments.fallthrough,
      clientVisible: flagEnvironments.clientVisible,
    })
    .from(flags)
    .leftJoin(
      flagEnvironments,
      and(eq(flagEnvironments.flagKey, flags.key), eq(flagEnvironments.environmentKey, environment)),
    )
    .orderBy(asc(flags.key));
}
