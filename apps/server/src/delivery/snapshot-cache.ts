import type { Snapshot } from '@flagstaff/evaluator';
import type { EnvironmentRevision, WrittenFlag } from '../environments/committed-change.ts';
import type { Audience, EnvironmentRead } from '../environments/snapshot-service.ts';
import { type EncodedSnapshot, encodeSnapshot } from './encoded-snapshot.ts';

/** Server keys get the whole environment; client keys client-visible flags with nothing secret. */
export type { Audience };
export const AUDIENCES: readonly Audience[] = ['server', 'client'];

/** Where snapshots come from: the snapshot service. */
export interface SnapshotSource {
  /** One environment as one consistent read of Postgres. */
  read(environment: string): Promise<EnvironmentRead>;
  /** An audience's snapshot, as it may be sent (client ones already safe). */
  shape(environment: string, audience: Audience, read: EnvironmentRead): Snapshot;
  /** The read at `revision` from the one at `revision - 1` and the flag the write in between made. */
  withFlag(read: EnvironmentRead, environment: string, revision: number, flag: WrittenFlag): EnvironmentRead;
  /** One flag as one version of it was written (immutable: version records are never edited). */
  flagVersion(key: string, version: number): Promise<WrittenFlag | undefined>;
}

interface Entry {
  /** What the encoded snapshots were made from (kept to apply the next write to). */
  read: EnvironmentRead | undefined;
  encoded: Partial<Record<Audience, EncodedSnapshot>>;
  /** The highest revision anyone has told us about. */
  wanted: number;
  loading: Promise<void> | undefined;
}

/**
 * Every environment's snapshots in memory, pre-serialised and pre-compressed, per audience. Requests
 * read it without touching the database; it reloads an environment only when told its revision moved,
 * one load at a time per environment (notifications that arrive during a load are coalesced into the
 * next one), and never replaces a snapshot with an older revision.
 */
export function createSnapshotCache(
  source: SnapshotSource,
  onUpdate: (environment: string, audience: Audience, encoded: EncodedSnapshot) => void,
) {
  const entries = new Map<string, Entry>();

  function entryOf(environment: string): Entry {
    let entry = entries.get(environment);
    if (!entry) {
      entry = { read: undefined, encoded: {}, wanted: -1, loading: undefined };
      entries.set(environment, entry);
    }
    return entry;
  }

  function lowest(entry: Entry): number {
    return Math.min(...AUDIENCES.map((a) => entry.encoded[a]?.revision ?? -1));
  }

  /** Encodes what changed for each audience and tells the streams; never goes back a revision. */
  function hold(environment: string, entry: Entry, read: EnvironmentRead): void {
    if (!entry.read || entry.read.revision < read.revision) entry.read = read;
    for (const audience of AUDIENCES) {
      const held = entry.encoded[audience];
      if (held && held.revision >= read.revision) continue;
      const encoded = encodeSnapshot(source.shape(environment, audience, read), held);
      entry.encoded[audience] = encoded;
      onUpdate(environment, audience, encoded);
    }
  }

  async function loadOnce(environment: string, entry: Entry): Promise<void> {
    hold(environment, entry, await source.read(environment));
  }

  async function loadUntilCurrent(environment: string, entry: Entry): Promise<void> {
    try {
      while (lowest(entry) < entry.wanted) {
        const before = lowest(entry);
        await loadOnce(environment, entry);
        // The database is behind the hint (or the hint was wrong): stop; the next hint or check retries.
        if (lowest(entry) <= before) {
          entry.wanted = lowest(entry);
          break;
        }
      }
    } finally {
      entry.loading = undefined;
    }
  }

  /** The held snapshot, if any: the request path. */
  function get(environment: string, audience: Audience): EncodedSnapshot | undefined {
    return entries.get(environment)?.encoded[audience];
  }

  /** Makes sure the held snapshots are at `revision` at least (loads both audiences). */
  function refresh(environment: string, revision: number): Promise<void> {
    const entry = entryOf(environment);
    entry.wanted = Math.max(entry.wanted, revision);
    if (lowest(entry) >= entry.wanted) return Promise.resolve();
    // Chain: once the running load ends, load again if it did not reach the new target.
    if (entry.loading) return entry.loading.then(() => refresh(environment, revision));
    entry.loading = loadUntilCurrent(environment, entry);
    return entry.loading;
  }

  /**
   * After a write of `flag` on this replica (or another, through the bus): applied to the held read when
   * that is the revision just before, without a database read; otherwise a reload.
   */
  function apply({ environment, revision }: EnvironmentRevision, flag: WrittenFlag): Promise<void> {
    const entry = entryOf(environment);
    const held = entry.read;
    if (entry.loading || !held || held.revision !== revision - 1 || lowest(entry) !== revision - 1) {
      return refresh(environment, revision);
    }
    hold(environment, entry, source.withFlag(held, environment, revision, flag));
    return refresh(environment, revision);
  }

  return {
    get,
    refresh,
    apply,

    /** For a request that found nothing held (an environment this replica has not loaded yet). */
    async load(environment: string, audience: Audience): Promise<EncodedSnapshot> {
      const held = get(environment, audience);
      if (held) return held;
      await refresh(environment, 0);
      const loaded = get(environment, audience);
      if (!loaded) throw new Error(`snapshot of ${environment} could not be loaded`);
      return loaded;
    },

    revisionOf(environment: string): number | undefined {
      const entry = entries.get(environment);
      return entry && lowest(entry) >= 0 ? lowest(entry) : undefined;
    },
  };
}

export type SnapshotCache = ReturnType<typeof createSnapshotCache>;
