import type { FlagConfig, JsonValue } from '@flagstaff/evaluator';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { CommittedChange, EnvironmentRevision } from '../environments/committed-change.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.ts';
import type { NewDomainEvent } from '../events/domain-event.ts';
import { findSegments } from '../segments/segments-repository.ts';
import { type FlagDocument, type FlagView, lifecycleState, toFlagConfig } from './flag-document.ts';
import { loadFlagViews, toFlagView, toSegment } from './flag-loader.ts';
import type { FlagPolicy } from './flag-policy.ts';
import { referencesOf, validateFlagDocument } from './flag-validation.ts';
import {
  auditEnvironment,
  changedEnvironments,
  type FlagAction,
  flagEvent,
  isOnlyArchiveToggle,
  isOnlyDisabling,
  prerequisitesChanged,
} from './flag-write-rules.ts';
import { findFlagWithStates, listAllFlags, writeFlagVersion } from './flags-repository.ts';
import type { ReadCache } from './read-cache.ts';

/** The version a writer read, or `any` (a blind write: `If-Match: *`). */
export type ExpectedVersion = number | 'any';

/** One change of an existing flag, by a person, a rollout plan or a job: the one write path. */
export interface FlagChange {
  key: string;
  expectedVersion: ExpectedVersion;
  actor: string;
  action: FlagAction;
  /** The new document, from the current one (may throw a 4xx). */
  apply(current: FlagDocument, envs: string[], tx: Db): Promise<FlagDocument> | FlagDocument;
  /** The environment the change is about: unknown is a 404, checked before the version. */
  environment?: string;
  /** Set by the rollout engine: the plan whose own stage this write sets (see FlagWriteGuard). */
  plan?: string;
  /** More outbox events committed with the change (the engine's `rollout.*`). */
  events?: NewDomainEvent[];
  /** Why, when the actor said: kept in the audit record. */
  reason?: string;
}

/** A flag version as committed, and the environment revisions it made. */
export interface WrittenFlag {
  view: FlagView;
  revisions: EnvironmentRevision[];
}

/**
 * What other slices require of a flag write, checked in its transaction with the flag row locked (the
 * rollout plans: a planned environment's rollout is the plan's, and the kill switch stops the plan).
 * Returns more outbox events for the write to commit.
 */
export interface FlagWriteGuard {
  check(
    tx: Db,
    write: { current: FlagDocument; next: FlagDocument; changed: string[]; actor: string; plan?: string },
  ): Promise<NewDomainEvent[]>;
}

/** Any constant: writes that change prerequisites take it, so two of them never race into a cycle. */
const PREREQUISITE_GRAPH_LOCK = 7_346_121_001;

export const flagCacheKey = (key: string) => `flag\u0000${key}`;
export const LIST_PREFIX = 'list\u0000';

export function documentOf(view: FlagView): FlagDocument {
  const { version: _v, updatedAt: _u, state: _s, ...document } = view;
  return document;
}

export function checkVersion(expected: ExpectedVersion, current: number): void {
  if (expected !== 'any' && expected !== current) throw new PreconditionFailedError(current);
}

export interface FlagWriterDeps {
  db: Db;
  policy: FlagPolicy;
  clock: () => Date;
  reads: ReadCache;
  /** Called after each write commits, with what it changed (live delivery). */
  onCommit: (change: CommittedChange) => void;
  guard?: FlagWriteGuard;
}

export function createFlagWriter(deps: FlagWriterDeps) {
  const { db, policy, clock, reads } = deps;

  /**
   * Every problem with the document, or a ValidationError. Reads only what the checks need: the named
   * segments and, when the flag has prerequisites, the other flags (for their variants and cycles).
   * The write itself makes sure the segments still exist when it commits.
   */
  async function validate(tx: Db, flag: FlagDocument, envs: string[], now: Date, expiryChanged: boolean) {
    const { segmentKeys, hasPrerequisites } = referencesOf(flag);
    const segments = (await findSegments(tx, segmentKeys)).map(toSegment);
    const others = hasPrerequisites
      ? await loadFlagViews(
          tx,
          (await listAllFlags(tx)).filter((row) => row.key !== flag.key),
          envs,
          now,
        )
      : [];
    const issues = validateFlagDocument(flag, {
      policy,
      now,
      expiryChanged,
      environmentKeys: envs,
      segments,
      otherFlags: (env): FlagConfig[] => others.map((other) => toFlagConfig(other, env)),
    });
    if (issues.length > 0) throw new ValidationError(issues, 'The flag is invalid');
  }

  /** The checks every change passes, whichever path writes it. */
  async function checked(tx: Db, change: FlagChange, current: FlagDocument, envs: string[]) {
    const next = await change.apply(current, envs, tx);
    const disabling = isOnlyDisabling(current, next);
    if (current.archived && next.archived && !disabling) {
      throw new ConflictError(
        'FLAG_ARCHIVED',
        `Flag ${current.key} is archived and read-only: unarchive it first (turning it off always works)`,
      );
    }
    // The kill switch and the archive switch change nothing that validation looks at: they always work.
    if (!disabling && !isOnlyArchiveToggle(current, next)) {
      await validate(tx, next, envs, clock(), next.expiresAt !== current.expiresAt);
    }
    return next;
  }

  async function persist(
    tx: Db,
    change: FlagChange,
    current: FlagDocument | null,
    next: FlagDocument,
    version: number,
    envs: string[],
    extraEvents: NewDomainEvent[],
    requireNoActivePlan: boolean,
  ): Promise<WrittenFlag | undefined> {
    const now = clock();
    const changed = changedEnvironments(current, next, envs);
    const revisions = await writeFlagVersion(tx, {
      key: next.key,
      previousVersion: version - 1,
      version,
      segmentKeys: referencesOf(next).segmentKeys,
      row: {
        name: next.name,
        description: next.description,
        type: next.type,
        owner: next.owner,
        tags: next.tags,
        variants: next.variants,
        archived: next.archived,
        expiresAt: next.expiresAt === null ? null : new Date(next.expiresAt),
        updatedAt: now,
      },
      states: Object.entries(next.environments).map(([environmentKey, s]) => ({ environmentKey, ...s })),
      changedEnvironments: changed,
      document: next as unknown as JsonValue,
      audit: {
        actor: change.actor,
        action: change.action,
        before: current as unknown as JsonValue,
        environment: auditEnvironment(changed, envs),
        reason: change.reason,
      },
      events: [
        flagEvent(change.action, next, version, change.actor, changed, envs),
        ...extraEvents,
        ...(change.events ?? []),
      ],
      requireNoActivePlan,
    });
    return (
      revisions && {
        view: { ...next, version, updatedAt: now.toISOString(), state: lifecycleState(next, now) },
        revisions,
      }
    );
  }

  /** Loads the flag for a write (`lock`: until the transaction ends). */
  async function load(tx: Db, change: FlagChange, lock: boolean) {
    const found = await findFlagWithStates(tx, change.key, lock);
    if (!found) throw new NotFoundError(`Flag ${change.key}`);
    const view = toFlagView(found.flag, found.states, found.environmentKeys, clock());
    return { current: documentOf(view), version: found.flag.version, envs: found.environmentKeys };
  }

  function checkTarget(change: FlagChange, envs: string[], version: number) {
    if (change.environment !== undefined && !envs.includes(change.environment)) {
      throw new NotFoundError(`Environment ${change.environment}`);
    }
    checkVersion(change.expectedVersion, version);
  }

  /**
   * The flag as this replica's read cache holds it, when that is the version the writer names: the
   * usual edit (GET, then PATCH with its ETag) then costs one round trip. Safe even when the cache is
   * behind: the write statement re-checks the version, and a miss takes the locked path.
   */
  function cached(change: FlagChange) {
    const view = reads.peek<FlagView>(flagCacheKey(change.key));
    if (!view || change.expectedVersion !== view.version) return undefined;
    return { current: documentOf(view), version: view.version, envs: Object.keys(view.environments) };
  }

  /**
   * The locked path, inside the caller's transaction: the flag row locked, prerequisite changes
   * serialised, the guard (rollout plans) consulted. The caller publishes after its commit.
   */
  async function changeWithin(tx: Db, change: FlagChange): Promise<WrittenFlag> {
    const { current, version, envs } = await load(tx, change, true);
    checkTarget(change, envs, version);
    let next = await change.apply(current, envs, tx);
    if (prerequisitesChanged(current, next)) {
      await tx.execute(sql`select pg_advisory_xact_lock(${PREREQUISITE_GRAPH_LOCK})`);
    }
    next = await checked(tx, { ...change, apply: () => next }, current, envs);
    const changed = changedEnvironments(current, next, envs);
    const extra =
      (await deps.guard?.check(tx, {
        current,
        next,
        changed,
        actor: change.actor,
        ...(change.plan ? { plan: change.plan } : {}),
      })) ?? [];
    const written = await persist(tx, change, current, next, version + 1, envs, extra, false);
    // Nothing can have moved: the row is locked and the named segments are share-locked by the write.
    if (!written) throw new Error(`the write of ${change.key} found its own locked row changed`);
    return written;
  }

  /** After the commit: live delivery gets the flag as written and the revisions it made. */
  function published(written: WrittenFlag): FlagView {
    reads.invalidate([flagCacheKey(written.view.key)], [LIST_PREFIX]);
    deps.onCommit({ revisions: written.revisions, flag: written.view });
    return written.view;
  }

  async function optimistic(change: FlagChange): Promise<WrittenFlag | undefined> {
    // Read, check, and one statement that writes only over the version read while no plan is active
    // (two round trips, no transaction held open). Anything else takes the locked path.
    if (change.plan) return undefined;
    const { current, version, envs } = cached(change) ?? (await load(db, change, false));
    checkTarget(change, envs, version);
    const next = await change.apply(current, envs, db);
    if (prerequisitesChanged(current, next)) return undefined;
    const checkedNext = await checked(db, { ...change, apply: () => next }, current, envs);
    return persist(db, change, current, checkedNext, version + 1, envs, [], true);
  }

  return {
    /** Changes a flag: optimistic first, locked when that misses. */
    async change(change: FlagChange): Promise<FlagView> {
      const written = await reads.write([flagCacheKey(change.key)], [LIST_PREFIX], async () => {
        return (await optimistic(change)) ?? (await db.transaction((tx) => changeWithin(tx, change)));
      });
      return published(written);
    },
    changeWithin,
    published,
    /** Writes a new flag's first version over the placeholder row the caller inserted (version 0). */
    async persistNew(tx: Db, change: FlagChange, flag: FlagDocument, envs: string[]): Promise<WrittenFlag> {
      await validate(tx, flag, envs, clock(), true);
      const written = await persist(tx, change, null, flag, 1, envs, [], false);
      if (!written) throw new Error(`the new flag ${flag.key} was changed before it was written`);
      return written;
    },
  };
}

export type FlagWriter = ReturnType<typeof createFlagWriter>;
