import { AppError } from '../errors.ts';

const MAX_ENTRIES = 10_000;

/**
 * A micro-cache for management reads (one flag, one page of flags), so a hot read costs no database
 * round trip. Every write on this replica invalidates it as soon as it commits, and so does a 412
 * (proof that the database holds a newer version), so one replica reads its own writes. A write on
 * another replica shows here within `ttlMs`; writes stay safe whatever a read returned, because
 * If-Match is checked against the database. `ttlMs` 0 turns it off (every read asks the database).
 */
export function createReadCache(ttlMs: number, now: () => number = Date.now) {
  let generation = 0;
  const entries = new Map<string, { value: unknown; until: number }>();

  function invalidate(): void {
    generation += 1;
    entries.clear();
  }

  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load();
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.value as T;
      const started = generation;
      const value = await load();
      // A load that overlapped an invalidation may hold what was just overwritten: not kept.
      if (started === generation) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, { value, until: now() + ttlMs });
      }
      return value;
    },

    invalidate,

    /** Runs a write: invalidates after it commits, and after a 412 (this replica was behind). */
    async write<T>(run: () => Promise<T>): Promise<T> {
      try {
        return await run();
      } catch (error) {
        if (error instanceof AppError && error.code === 'PRECONDITION_FAILED') invalidate();
        throw error;
      } finally {
        invalidate();
      }
    },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
