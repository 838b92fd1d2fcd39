import type { Db } from '../db/database.ts';
import type { CommittedChange } from '../environments/committed-change.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { applyFlagUpdate, newFlagDocument } from './flag-changes.ts';
import type { FlagDocument, FlagView } from './flag-document.ts';
import { toFlagView } from './flag-loader.ts';
import type { FlagPolicy } from './flag-policy.ts';
import type {
  CreateFlagInput,
  EnvironmentStatePatch,
  ListFlagsQuery,
  UpdateFlagInput,
} from './flag-schemas.ts';
import {
  createFlagWriter,
  type ExpectedVersion,
  type FlagWriteGuard,
  flagCacheKey,
  LIST_PREFIX,
} from './flag-writer.ts';
import {
  findFlag,
  findFlagVersion,
  findFlagWithStates,
  listFlagsWithStates,
  listFlagVersions,
  tryInsertFlag,
} from './flags-repository.ts';
import { createReadCache, type ReadCache } from './read-cache.ts';

export interface FlagVersionView {
  version: number;
  actor: string;
  createdAt: string;
  flag: FlagDocument;
}

type Clock = () => Date;

export interface FlagsServiceDeps {
  db: Db;
  policy: FlagPolicy;
  clock?: Clock;
  /** Called after each write commits, with what it changed (live delivery). */
  onCommit?: (change: CommittedChange) => void;
  /** Hot reads from memory; invalidated by every write here (see read-cache.ts). Default: off. */
  reads?: ReadCache;
  /** What other slices check in a flag write's transaction (rollout plans). */
  guard?: FlagWriteGuard;
}

export function createFlagsService(deps: FlagsServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const reads = deps.reads ?? createReadCache(0);
  const writer = createFlagWriter({
    db,
    policy: deps.policy,
    clock,
    reads,
    onCommit: deps.onCommit ?? (() => {}),
    ...(deps.guard ? { guard: deps.guard } : {}),
  });

  async function environmentKeys(tx: Db): Promise<string[]> {
    return (await listEnvironments(tx)).map((e) => e.key);
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
          const change = {
            key: flag.key,
            expectedVersion: 0,
            actor,
            action: 'flag.created',
            apply: () => flag,
          } as const;
          return writer.persistNew(tx, change, flag, envs);
        }),
      );
      return writer.published(created);
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

    /** The one write path: routes, rollout plans and jobs call it alike. */
    change: writer.change,
    changeWithin: writer.changeWithin,
    published: writer.published,

    update(key: string, input: UpdateFlagInput, expectedVersion: ExpectedVersion, actor: string) {
      return writer.change({
        key,
        expectedVersion,
        actor,
        action: 'flag.updated',
        apply: (current, envs) => applyFlagUpdate(current, input, envs),
      });
    },

    /** One environment's state; an unknown environment is a 404 (checked before the version). */
    updateEnvironment(
      key: string,
      environment: string,
      patch: EnvironmentStatePatch,
      expectedVersion: ExpectedVersion,
      actor: string,
    ) {
      return writer.change({
        key,
        environment,
        expectedVersion,
        actor,
        action: 'flag.updated',
        apply: (current, envs) => applyFlagUpdate(current, { environments: { [environment]: patch } }, envs),
      });
    },

    setArchived(key: string, archived: boolean, expectedVersion: ExpectedVersion, actor: string) {
      return writer.change({
        key,
        expectedVersion,
        actor,
        action: archived ? 'flag.archived' : 'flag.unarchived',
        apply: (current) => ({ ...current, archived }),
      });
    },

    /**
     * Moves a flag's expiry later, with the reason kept in the audit record. Within the type's maximum
     * lifetime (the write's validation); ops and permission flags do not expire.
     */
    extendExpiry(
      key: string,
      input: { expiresAt: string; reason: string },
      expectedVersion: ExpectedVersion,
      actor: string,
    ) {
      return writer.change({
        key,
        expectedVersion,
        actor,
        action: 'flag.expiry_extended',
        reason: input.reason,
        apply: (current) => {
          const problem =
            current.expiresAt === null
              ? `${current.type} flags do not expire`
              : Date.parse(input.expiresAt) <= Date.parse(current.expiresAt)
                ? `must be later than the current expiry (${current.expiresAt})`
                : undefined;
          if (problem)
            throw new ValidationError([{ path: ['expiresAt'], message: problem }], 'Cannot extend');
          return { ...current, expiresAt: new Date(input.expiresAt).toISOString() };
        },
      });
    },

    /** Restores an earlier version's content as a new version; key, salt, creation and archive state stay. */
    restore(key: string, version: number, expectedVersion: ExpectedVersion, actor: string) {
      return writer.change({
        key,
        expectedVersion,
        actor,
        action: 'flag.restored',
        apply: async (current, envs, tx) => {
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
        },
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
