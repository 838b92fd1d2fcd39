import type { FlagConfig, JsonValue } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { CommittedChange, EnvironmentRevision } from '../environments/committed-change.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { checkIfMatch } from '../http/if-match.ts';
import { findSegmentsForShare } from '../segments/segments-repository.ts';
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

  async function validate(tx: Db, flag: FlagDocument, envs: string[], now: Date, expiryChanged: boolean) {
    const { segmentKeys, hasPrerequisites } = referencesOf(flag);
    // Only what the checks need: the named segments (share-locked, so none is deleted under us) and,
    // when the flag has prerequisites, the other flags (for their variants and cycles).
    const segments = (await findSegmentsForShare(tx, segmentKeys)).map(toSegment);
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

  /** Writes the document as `version`: row, per-environment state, version record, audit, revisions. */
  async function persist(
    tx: Db,
    flag: FlagDocument,
    version: number,
    actor: string,
    action: string,
    before: FlagDocument | null,
  ): Promise<{ view: FlagView; revisions: EnvironmentRevision[] }> {
    const now = clock();
    const revisions = await writeFlagVersion(tx, {
      key: flag.key,
      version,
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
    return { view: viewOf(flag, version, now), revisions };
  }

  /** After the commit: live delivery gets the flag as written and the revisions it made. */
  function committed(written: { view: FlagView; revisions: EnvironmentRevision[] }): FlagView {
    onCommit({ revisions: written.revisions, flag: written.view });
    return written.view;
  }

  /** Loads the flag for a write, locked, and checks the caller's If-Match against it (one query). */
  async function loadForWrite(tx: Db, key: string, ifMatch: string | undefined) {
    const found = await findFlagWithStates(tx, key, true);
    if (!found) throw new NotFoundError(`Flag ${key}`);
    checkIfMatch(ifMatch, found.flag.version);
    const view = toFlagView(found.flag, found.states, found.environmentKeys, clock());
    return { current: documentOf(view), version: found.flag.version, envs: found.environmentKeys };
  }

  async function write(
    key: string,
    ifMatch: string | undefined,
    actor: string,
    action: string,
    change: (current: FlagDocument, envs: string[], tx: Db) => Promise<FlagDocument> | FlagDocument,
  ): Promise<FlagView> {
    const written = await reads.write([flagCacheKey(key)], [LIST_PREFIX], () =>
      db.transaction(async (tx) => {
        const { current, version, envs } = await loadForWrite(tx, key, ifMatch);
        const next = await change(current, envs, tx);
        await validate(tx, next, envs, clock(), next.expiresAt !== current.expiresAt);
        return persist(tx, next, version + 1, actor, action, current);
      }),
    );
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
            version: 1,
          });
          if (!inserted) throw new ConflictError('ALREADY_EXISTS', `Flag ${flag.key} already exists`);
          return persist(tx, flag, 1, actor, 'flag.created', null);
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
