import { type CompiledSnapshot, compileSnapshot, type Snapshot } from '@flagstaff/evaluator';

export interface SnapshotHolder {
  /** The snapshot evaluations read: replaced as a whole, so a read never sees half an update. */
  readonly current: CompiledSnapshot;
  /** The snapshot held, as received: what a store persists. */
  readonly snapshot: Snapshot | undefined;
  /** The revision held, or undefined before any snapshot arrived. */
  readonly revision: number | undefined;
  /**
   * Holds `snapshot` if its revision is higher than the one held (never go back: a reordered or
   * replayed event is a no-op). Revisions count per environment: a snapshot of another environment
   * (a persisted copy from before a key change) is replaced whatever its revision. Returns whether
   * it was applied.
   */
  offer(snapshot: Snapshot): boolean;
}

const EMPTY: Snapshot = { schemaVersion: 1, environment: '', revision: 0, flags: [], segments: [] };

export function createSnapshotHolder(): SnapshotHolder {
  let held: Snapshot | undefined;
  // `current` is a plain property, not a getter: every evaluation reads it, and V8 does not inline
  // this getter fully (8 ns of a 24 ns on/off evaluation, bench:sdk).
  const holder = {
    current: compileSnapshot(EMPTY),
    get snapshot() {
      return held;
    },
    get revision() {
      return held?.revision;
    },
    offer(snapshot: Snapshot) {
      if (held?.environment === snapshot.environment && snapshot.revision <= held.revision) return false;
      holder.current = compileSnapshot(snapshot);
      held = snapshot;
      return true;
    },
  };
  return holder;
}
