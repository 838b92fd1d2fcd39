import type { Snapshot } from '@flagstaff/evaluator';

/**
 * Where the SDK keeps its last snapshot, so that a restart serves flags before the network
 * answers. Node ships a file store, the browser a localStorage one; anything else (Redis, a
 * mounted volume) implements these two methods. Failures are reported, never thrown to the app.
 */
export interface SnapshotStore {
  /** The snapshot saved last, or undefined when there is none. */
  load(): Snapshot | undefined | Promise<Snapshot | undefined>;
  /** Keeps `snapshot`; called after each newer revision is applied. */
  save(snapshot: Snapshot): void | Promise<void>;
}
