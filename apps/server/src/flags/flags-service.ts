import type { FlagConfig, JsonValue } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { CommittedChange, EnvironmentRevision } from '../environments/committed-change.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { checkIfMatch, ifMatchAllows } from '../http/if-match.ts';
import { findSegments } from '../segments/segments-repository.ts';
import { applyFlagUpdate, newFlagDocument } from './flag-changes.ts';
import { type FlagDocument, type FlagView, lifecycleState, toFlagConfig } from './flag-document.ts';
import { loadFlagViews, toFlagView, toSegment } from './flag-loader.ts';
import type { FlagPolicy } from './flag-policy.ts';
import type { CreateFlagInput, ListFlagsQuery, UpdateFlagInput } from './flag-schemas.ts';
import { referencesOf, validateFlagDocument } from './flag-validation.ts';
import {
  findFlag,
  findFlagVersion,
  findFlagWithStates,
  listAllFlags,
  listFlagsWithStates,
  listFlagVersions,
  tryInsertFlag,
  writeFlagVersion,
} from './flags-repository.ts';
import { createReadCache, type ReadCache } from './read-cache.ts';

export interface FlagVersionView {
  version: number;
  actor: string;
  createdAt: string;
  flag: FlagDocument;
}

type Clock = () => Date;

/** A flag version as committed, and the environment revisions it made. */
interface Written {
  view: FlagView;
  revisions: EnvironmentRevision[];
}

const LIST_PREFIX = 'list\u0000';
const flagCacheKey = (key: string) => `flag\u0000${key}`;

function documentOf(view: FlagView): FlagDocument {
  const { version: _v, updatedAt: _u, state: _s, ...document } = view;
  return document;
}

function viewOf(flag: FlagDocument, version: number, now: Date): FlagView {
  return { ...flag, version, updatedAt: now.toISOString(), state: lifecycleState(flag, now) };
}

export function createFlagsService(
  db: Db,
  policy: FlagPolicy,
  clock: Clock = () => new Date(),
  /** Called after each write commits, with what it changed (live delivery). */
  onCommit: (change: CommittedChange) => void = () => {},
  /** Hot reads from memory; invalidated by every write here (see read-cache.ts). Default: off. */
  reads: ReadCache = createReadCache(0),
) {
  async function environmentKeys(tx: Db): Promise<string[]> {
    return (await listEnvironments(tx)).map((e) => e.key);
  }

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

  /**
   * Writes the document as `version` over `version - 1`: row, per-environment state, version record,
   * audit, revisions. Undefined when the flag moved on or a segment it names is gone meanwhile.
   */
  async function persist(
    tx: Db,
    flag: FlagDocument,
    version: number,
    actor: string,
    action: string,
    before: FlagDocument | null,
  ): Promise<Written | undefined> {
    const now = clock();
    const revisions = await writeFlagVersion(tx, {
      key: flag.key,
      previousVersion: version - 1,
      version,
      segmentKeys: referencesOf(flag).segmentKeys,
      row: {
        name: flag.name,
        description: flag.description,
        type: flag.type,
        owner: flag.owner,
        tags: flag.tags,
        variants: flag.variants,
        archived: flag.archived,
        expiresAt: flag.expiresAt === null ? null : new Date(flag.expiresAt),
        updatedAt: now,
      },
      states: Object.entries(flag.environments).map(([environmentKey, s]) => ({ environmentKey, ...s })),
      document: flag as unknown as JsonValue,
      audit: { actor, action, before: before as unknown as JsonValue },
    });
    return revisions && { view: viewOf(flag, version, now), revisions };
  }

  /** `persist` where nothing can have moved (the row and the segments are locked): a miss is a bug. */
  async function persistLocked(...args: Parameters<typeof persist>): Promise<Written> {
    const written = await persist(...args);
    if (!written) throw new Error(`the write of ${args[1].key} found its own locked row changed`);
    return written;
  }

  /** After the commit: live delivery gets the flag as written and the revisions it made. */
  function committed(written: Written): FlagView {
    onCommit({ revisions: written.revisions, flag: written.view });
    return written.view;
  }

  /** Loads the flag for a write (`lock`: until the transaction ends), and checks the caller's If-Match. */
  async function loadForWrite(tx: Db, key: string, ifMatch: string | undefined, lock: boolean) {
    const found = await findFlagWithStates(tx, key, lock);
    if (!found) throw new NotFoundError(`Flag ${key}`);
    checkIfMatch(ifMatch, found.flag.version);
    const view = toFlagView(found.flag, found.states, found.environmentKeys, clock());
    return { current: documentOf(view), version: found.flag.version, envs: found.environmentKeys };
  }

  /**
   * The flag as this replica's read cache holds it, when that is the version the caller names: the
   * usual edit (GET, then PATCH with its ETag) then costs one round trip. Safe even when the cache is
   * behind: the write statement re-checks the version, and a miss takes the locked path.
   */
  function cachedForWrite(key: string, ifMatch: string | undefined) {
    const cached = reads.peek<FlagView>(flagCacheKey(key));
    if (!cached || ifMatch === undefined || !ifMatchAllows(ifMatch, cached.version)) return undefined;
    return { current: documentOf(cached), version: cached.version, envs: Object.keys(cached.environments) };
  }

  async function write(
    key: string,
    ifMatch: string | undefined,
    actor: string,
    action: string,
    change: (current: FlagDocument, envs: string[], tx: Db) => Promise<FlagDocument> | FlagDocument,
  ): Promise<FlagView> {
    // Optimistic first: read, check, and one statement that writes only over the version read (two
    // round trips, no transaction held open). When that version moved meanwhile, or a segment went,
    // the locked path below decides, and answers the 412 or 400 the caller is owed.
    const attempt = async (tx: Db, lock: boolean) => {
      const { current, version, envs } = lock
        ? await loadForWrite(tx, key, ifMatch, true)
        : (cachedForWrite(key, ifMatch) ?? (await loadForWrite(tx, key, ifMatch, false)));
      const next = await change(current, envs, tx);
      await validate(tx, next, envs, clock(), next.expiresAt !== current.expiresAt);
      return [next, version + 1, actor, action, current] as const;
    };
    const written = await reads.write([flagCacheKey(key)], [LIST_PREFIX], async () => {
      const optimistic = await persist(db, ...(await attempt(db, false)));
      if (optimistic) return optimistic;
      return db.transaction(async (tx) => {
        // Segments named by the flag are share-locked by the write itself.
        return persistLocked(tx, ...(await attempt(tx, true)));
      });
    });
    return committed(written);
  }

  async function listPage(query: ListFlagsQuery): Promise<{ items: FlagView[]; nextCursor: string | null }> {
    const now = clock();

    const rows = await listFlagsWithStates(
      db,
      { ...query, after: query.cursor, limit: query.limit + 1 },
      now,
    );
    const items = rows.slice(0, query.limit).map((r) => toFlagView(r.flag, r.states, r.environmentKeys, now));
    return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.key ?? null) : null };
  }

  return {
    async create(input: CreateFlagInput, actor: string): Promise<FlagView> {
      const created = await reads.write([flagCacheKey(input.key)], [LIST_PREFIX], () =>
        db.transaction(async (tx) => {
          const now = clock();
          const envs = await environmentKeys(tx);
          const flag = newFlagDocument(input, envs, now);
          await validate(tx, flag, envs, now, true);
          const inserted = await tryInsertFlag(tx, {
            key: flag.key,
            name: flag.name,
            type: flag.type,
            variants: flag.variants,
            salt: flag.salt,
            createdAt: now,
            // Version 0 exists only inside this transaction: the write below makes version 1 over it.
            version: 0,
          });
          if (!inserted) throw new ConflictError('ALREADY_EXISTS', `Flag ${flag.key} already exists`);
          return persistLocked(tx, flag, 1, actor, 'flag.created', null);
        }),
      );
      return committed(created);
    },

    async get(key: string): Promise<FlagView> {
      const view = await reads.get(flagCacheKey(key), async () => {
        const found = await findFlagWithStates(db, key);
        return found && toFlagView(found.flag, found.states, found.environmentKeys, clock());
      });
      if (!view) throw new NotFoundError(`Flag ${key}`);
      return view;
    },

    list(query: ListFlagsQuery): Promise<{ items: FlagView[]; nextCursor: string | null }> {
      return reads.get(`${LIST_PREFIX}${JSON.stringify(query)}`, () => listPage(query));
    },

    update(
      key: string,
      input: UpdateFlagInput,
      ifMatch: string | undefined,
      actor: string,
    ): Promise<FlagView> {
      return write(key, ifMatch, actor, 'flag.updated', (current, envs) =>
        applyFlagUpdate(current, input, envs),
      );
    },

    setArchived(
      key: string,
      archived: boolean,
      ifMatch: string | undefined,
      actor: string,
    ): Promise<FlagView> {
      return write(key, ifMatch, actor, archived ? 'flag.archived' : 'flag.unarchived', (current) => ({
        ...current,
        archived,
      }));
    },

    /** Restores an earlier version's content as a new version; key, salt, creation and archive state stay. */
    restore(key: string, version: number, ifMatch: string | undefined, actor: string): Promise<FlagView> {
      return write(key, ifMatch, actor, 'flag.restored', async (current, envs, tx) => {
        const old = await findFlagVersion(tx, key, version);
        if (!old) throw new NotFoundError(`Version ${version} of flag ${key}`);
        const document = old.document as unknown as FlagDocument;
        const environments = { ...current.environments };
        for (const env of envs) {
          const state = document.environments[env];
          if (state) environments[env] = state;
        }
        return {
          ...document,
          key: current.key,
          salt: current.salt,
          createdAt: current.createdAt,
          archived: current.archived,
          environments,
        };
      });
    },

    async versions(key: string): Promise<FlagVersionView[]> {
      if (!(await findFlag(db, key))) throw new NotFoundError(`Flag ${key}`);
      return (await listFlagVersions(db, key)).map((row) => ({
        version: row.version,
        actor: row.actor,
        createdAt: row.createdAt.toISOString(),
        flag: row.document as unknown as FlagDocument,
      }));
    },

    async version(key: string, version: number): Promise<FlagVersionView> {
      const row = await findFlagVersion(db, key, version);
      if (!row) throw new NotFoundError(`Version ${version} of flag ${key}`);
      return {
        version: row.version,
        actor: row.actor,
        createdAt: row.createdAt.toISOString(),
        flag: row.document as unknown as FlagDocument,
      };
    },
  };
}

export type FlagsService = ReturnType<typeof createFlagsService>;
