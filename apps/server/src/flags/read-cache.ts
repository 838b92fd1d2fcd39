const MAX_ENTRIES = 10_000;

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A micro-cache for management reads (one flag, one page of flags), so a hot read costs no database
 * round trip. Every write on this replica invalidates what it touched as soon as it commits, and so
 * does a 412 (proof that the database holds a newer version), so one replica reads its own writes.
 * A write on another replica shows here within `ttlMs`; writes stay safe whatever a read returned,
 * because If-Match is checked against the database. `ttlMs` 0 turns it off.
 */
export function createReadCache(ttlMs: number, now: () => number = Date.now) {
  /** Bumped by every invalidation: a load that overlapped one may hold old data and is not kept. */
  let generation = 0;
  const entries = new Map<string, { value: unknown; until: number }>();
  /** Loads in flight, shared by the requests that arrive meanwhile (one query, not fifty). */
  const pending = new Map<string, Promise<unknown>>();

  /** Forgets the given keys (all when none) and everything whose key starts with a given prefix. */
  function invalidate(keys?: string[], prefixes: string[] = []): void {
    generation += 1;
    // Requests after this point must not join a load that started before it.
    pending.clear();
    if (!keys) {
      entries.clear();
      return;
    }
    for (const key of keys) entries.delete(key);
    if (prefixes.length === 0) return;
    for (const key of entries.keys()) {
      if (prefixes.some((prefix) => key.startsWith(prefix))) entries.delete(key);
    }
  }

  async function load<T>(key: string, loader: () => Promise<T>): Promise<T> {
    const started = generation;
    // Frozen: every request shares this value (and the HTTP serialiser reuses the JSON of frozen values).
    const value = deepFreeze(await loader());
    if (started === generation) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { value, until: now() + ttlMs });
    }
    return value;
  }

  return {
    get<T>(key: string, loader: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return loader();
      const hit = entries.get(key);
      if (hit && hit.until > now()) return Promise.resolve(hit.value as T);
      const inFlight = pending.get(key);
      if (inFlight) return inFlight as Promise<T>;
      const loading = load(key, loader).finally(() => {
        if (pending.get(key) === loading) pending.delete(key);
      });
      pending.set(key, loading);
      return loading;
    },

    /** The value held for `key` if it is fresh; never loads. */
    peek<T>(key: string): T | undefined {
      const hit = entries.get(key);
      return hit && hit.until > now() ? (hit.value as T) : undefined;
    },

    invalidate,

    /** Runs a write, then forgets `keys` and `prefixes`, whatever the outcome (a 412 shows we were behind). */
    async write<T>(keys: string[], prefixes: string[], run: () => Promise<T>): Promise<T> {
      try {
        return await run();
      } finally {
        invalidate(keys, prefixes);
      }
    },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
