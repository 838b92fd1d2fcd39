import type { SnapshotStore } from '@flagstaff/sdk-core';
import type { KeyValueStorage } from './client-options.ts';

/** The platform's localStorage, if it can be used: reading it throws in some sandboxed frames. */
export function defaultStorage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** A synchronous store, so the snapshot saved by the last page load is served before any await. */
export function storageStore(storage: KeyValueStorage, key: string): SnapshotStore {
  return {
    load() {
      const text = storage.getItem(key);
      return text === null ? undefined : JSON.parse(text);
    },
    save(snapshot) {
      storage.setItem(key, JSON.stringify(snapshot));
    },
  };
}
