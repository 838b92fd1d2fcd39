import type { Snapshot } from '@flagstaff/evaluator';
import { clientSafeSnapshot } from './client-safe-snapshot.ts';
import { type EncodedSnapshot, encodeSnapshot } from './encoded-snapshot.ts';

/** Server keys get the whole environment; client keys client-visible flags with nothing secret. */
export type Audience = 'server' | 'client';
export const AUDIENCES: readonly Audience[] = ['server', 'client'];

/** Where snapshots come from: the snapshot service, which reads Postgres in one transaction. */
export interface SnapshotSource {
  /** Both audiences from one consistent read. */
  snapshots(environment: string): Promise<Record<Audience, Snapshot>>;
}

interface Entry {
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
      entry = { encoded: {}, wanted: -1, loading: undefined };
      entries.set(environment, entry);
    }
    return entry;
  }

  function lowest(entry: Entry): number {
    return Math.min(...AUDIENCES.map((a) => entry.encoded[a]?.revision ?? -1));
  }

  async function loadOnce(environment: string, entry: Entry): Promise<void> {
    const read = await source.snapshots(environment);
    for (const audience of AUDIENCES) {
      const raw = read[audience];
      const encoded = encodeSnapshot(audience === 'client' ? clientSafeSnapshot(raw) : raw);
      const held = entry.encoded[audience];
      if (held && held.revision >= encoded.revision) continue;
      entry.encoded[audience] = encoded;
      onUpdate(environment, audience, encoded);
    }
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

  return {
    get,
    refresh,

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

    environments(): string[] {
      return [...entries.keys()];
    },
  };
}

export type SnapshotCache = ReturnType<typeof createSnapshotCache>;
