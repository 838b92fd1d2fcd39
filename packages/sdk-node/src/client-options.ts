import type { Snapshot } from '@flagstaff/evaluator';
import type { Fetch, SnapshotStore } from '@flagstaff/sdk-core';

export interface ClientOptions {
  /** The Flagstaff server. @example 'https://flags.example.com' */
  url: string;
  /** A server SDK key (`fs_server_…`): it reads the whole environment. */
  sdkKey: string;
  /** A snapshot to serve before the network answers, e.g. one baked into the deploy. */
  bootstrap?: Snapshot;
  /**
   * Where the last snapshot is kept between restarts.
   * @example createFileStore('/var/cache/flagstaff/production.json') from '@flagstaff/node/file-store'
   */
  persist?: SnapshotStore;
  /**
   * Check the bootstrap and persisted snapshots by the server's rules before serving them: a refused
   * one is an `error` event (`BAD_SNAPSHOT`) and is not served; what was held before stays. Turn off
   * only to serve hand-made snapshots that break the rules on purpose (the golden test vectors do).
   * @default true
   */
  checkSnapshots?: boolean;
  /** Stream changes over SSE; false polls the snapshot endpoint. @default true */
  streaming?: boolean;
  /**
   * Receive each change as a patch (only the flags and segments that changed) instead of the whole
   * environment; a patch that does not follow the revision held makes the SDK fetch it whole. Turn off
   * for a server older than patch events. @default true
   */
  patches?: boolean;
  /** Poll period (with streaming off, or while the stream is down), in ms. @default 30000 */
  pollInterval?: number;
  /** A connection that receives no byte for this long is dropped and reopened, in ms. @default 45000 */
  readTimeout?: number;
  /**
   * Signals for guarded rollouts, per flag version, variant and cohort: evaluation counts, and
   * what `measure()` and `track()` record (calls, errors by type, latency sketches, conversions).
   * Sent every `interval` ms and at close; a report that fails is sent again with the same batch id.
   * @default { interval: 30000 }
   */
  metrics?: false | { interval?: number };
  /** @default globalThis.fetch */
  fetch?: Fetch;
}
