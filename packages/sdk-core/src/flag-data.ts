import type { CompiledSnapshot, Snapshot } from '@flagstaff/evaluator';
import type { Emitter } from './emitter.ts';
import { FlagstaffError } from './flagstaff-error.ts';
import { parseSnapshot } from './parse-snapshot.ts';
import { createSnapshotHolder, type SnapshotHolder } from './snapshot-holder.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { createSync } from './sync.ts';
import type { SyncOptions } from './sync-options.ts';

/** Where the snapshot being served came from. */
export type DataSource = 'network' | 'bootstrap' | 'persisted';
/** What `ready()` resolves with: the source of the data held, or `timeout` when there is none. */
export type ReadySource = DataSource | 'timeout';

/** The events both SDKs share; each adds its own `change`. */
export interface CoreEvents {
  [event: string]: (payload: never) => void;
  /** Something failed; the SDK goes on serving the last snapshot. */
  error: (error: FlagstaffError) => void;
  /** The server became unreachable (`stale: true`) or reachable again (`stale: false`). */
  stale: (state: { stale: boolean }) => void;
  /**
   * Once: the first network snapshot arrived; or the key was refused, or the server could not be
   * reached while a bootstrap or persisted snapshot was held (then that local source).
   */
  ready: (source: ReadySource) => void;
}

export interface FlagDataOptions
  extends Omit<SyncOptions, 'revision' | 'held' | 'onSnapshot' | 'onError' | 'onReachable'> {
  bootstrap?: Snapshot | undefined;
  store?: SnapshotStore | undefined;
  /**
   * Checks a snapshot that did not come from the server (bootstrap, persisted copy) by the server's
   * rules: the first problem, or undefined when it is sound. A refused snapshot is reported as a
   * `BAD_SNAPSHOT` error and not served; what was held before stays. Absent: only the envelope is checked.
   */
  checkSnapshot?: ((snapshot: Snapshot) => string | undefined) | undefined;
  /** A newer snapshot replaced `previous` (undefined: none was held). */
  onChange(previous: HeldSnapshot | undefined, next: Snapshot, source: DataSource): void;
}

/** A snapshot as received and as compiled. */
export interface HeldSnapshot {
  snapshot: Snapshot;
  compiled: CompiledSnapshot;
}

/** One environment's snapshot: started from bootstrap or the store, kept fresh by the sync. */
export interface FlagData {
  readonly holder: SnapshotHolder;
  readonly stale: boolean;
  ready(timeout: number): Promise<ReadySource>;
  close(): void;
}

export function createFlagData(o: FlagDataOptions, events: Emitter<CoreEvents>): FlagData {
  const holder = createSnapshotHolder();
  const waiters = new Set<() => void>();
  let source: DataSource | undefined;
  let stale = false;
  let fromNetwork = false;
  let settled = false;
  let closed = false;

  const local = (): ReadySource => source ?? 'timeout';
  function settle() {
    if (!settled) {
      settled = true;
      events.emit('ready', local());
    }
    for (const wake of [...waiters]) wake();
  }

  function offer(snapshot: Snapshot, from: DataSource) {
    const previous = holder.snapshot && { snapshot: holder.snapshot, compiled: holder.current };
    if (!holder.offer(snapshot)) return;
    source = from;
    o.onChange(previous, snapshot, from);
    if (from === 'network' && o.store !== undefined) void save(o.store, snapshot);
  }

  async function save(store: SnapshotStore, snapshot: Snapshot) {
    try {
      await store.save(snapshot);
    } catch (error) {
      events.emit('error', new FlagstaffError('STORE', 'snapshot not saved', undefined, error));
    }
  }

  /** A snapshot from outside the server, checked before it is served. */
  function offerLocal(value: unknown, from: 'bootstrap' | 'persisted') {
    const snapshot = parseSnapshot(value);
    if (snapshot === undefined || closed) return;
    const problem = o.checkSnapshot?.(snapshot);
    if (problem === undefined) return offer(snapshot, from);
    const refused = new FlagstaffError('BAD_SNAPSHOT', `${from} snapshot refused: ${problem}`);
    // Deferred: a bootstrap or a synchronous store is read inside createClient, before anyone listens.
    queueMicrotask(() => events.emit('error', refused));
  }

  function loaded(value: unknown) {
    offerLocal(value, 'persisted');
  }

  function loadFailed(error: unknown) {
    const failure = new FlagstaffError('STORE', 'saved snapshot unreadable', undefined, error);
    // Deferred: a synchronous store fails inside createClient, before anyone could listen.
    queueMicrotask(() => events.emit('error', failure));
  }

  /** A synchronous store (localStorage) is applied at once, so a reload serves flags before any await. */
  function load(store: SnapshotStore) {
    try {
      const value = store.load();
      if (value instanceof Promise) value.then(loaded, loadFailed);
      else loaded(value);
    } catch (error) {
      loadFailed(error);
    }
  }

  const sync = createSync({
    ...o,
    // The first request asks for a full snapshot even when bootstrap or the store gave one: the
    // answer is what proves the data current, and it is one download per start.
    revision: () => (fromNetwork ? holder.revision : undefined),
    held: () => (fromNetwork ? holder.snapshot : undefined),
    onSnapshot(snapshot) {
      fromNetwork = true;
      offer(snapshot, 'network');
      // The same revision as bootstrap or the store: what is held is now confirmed by the server.
      if (holder.revision === snapshot.revision) source = 'network';
      settle();
    },
    onError(error) {
      events.emit('error', error);
      // A refusal is final. A failed attempt with local data held: serve it now rather than make
      // ready() wait out its timeout for a server that may be down (retries go on behind it).
      const code = error.code;
      if (
        code === 'UNAUTHORIZED' ||
        code === 'FORBIDDEN' ||
        (source !== undefined && code !== 'BAD_SNAPSHOT')
      )
        settle();
    },
    onReachable(reachable) {
      if (stale === !reachable) return;
      stale = !reachable;
      events.emit('stale', { stale });
    },
  });

  if (o.bootstrap !== undefined) offerLocal(o.bootstrap, 'bootstrap');
  if (o.store !== undefined) load(o.store);
  sync.start();

  return {
    holder,
    get stale() {
      return stale;
    },
    ready(timeout) {
      if (settled || closed) return Promise.resolve(local());
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(local());
        };
        const timer = setTimeout(wake, timeout);
        waiters.add(wake);
      });
    },
    close() {
      closed = true;
      sync.close();
      for (const wake of [...waiters]) wake();
    },
  };
}
