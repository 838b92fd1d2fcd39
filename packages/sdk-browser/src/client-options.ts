import type { EvaluationContext, Snapshot } from '@flagstaff/evaluator';
import type { Fetch } from '@flagstaff/sdk-core';
import type { EventSourceConstructor } from './event-source-stream.ts';

/** The part of the Web Storage API the SDK uses (localStorage, sessionStorage, or a stand-in). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ClientOptions {
  /** The Flagstaff server. @example 'https://flags.example.com' */
  url: string;
  /** A client SDK key (`fs_client_…`): public, it reads only client-visible flags. */
  clientKey: string;
  /** The user this client evaluates for; change it with `identify`. */
  context: EvaluationContext;
  /** A snapshot to serve before the network answers, e.g. rendered into the page by the server. */
  bootstrap?: Snapshot;
  /**
   * Checks the bootstrap and persisted snapshots by the server's rules before serving them; a refused
   * one is an `error` event (`BAD_SNAPSHOT`) and is not served. Off by default because the full rules
   * weigh 4.0 KB gzip (the SDK is 7.7): pass `snapshotProblem` from `@flagstaff/evaluator/validate`
   * when the bootstrap or the storage may hold something the server did not send.
   * @example import { snapshotProblem } from '@flagstaff/evaluator/validate'; createClient({ …, checkSnapshot: snapshotProblem })
   */
  checkSnapshot?: ((snapshot: Snapshot) => string | undefined) | undefined;
  /**
   * Where the last snapshot is kept, so a reload shows flags at once; null keeps nothing.
   * @default globalThis.localStorage
   */
  storage?: KeyValueStorage | null;
  /** Stream changes; false polls. @default true */
  streaming?: boolean;
  /** Poll period (with streaming off, or while the stream is down), in ms. @default 30000 */
  pollInterval?: number;
  /** A stream that receives no byte for this long is reopened, in ms. @default 45000 */
  readTimeout?: number;
  /** For polling. @default globalThis.fetch */
  fetch?: Fetch;
  /** For streaming; without one the client polls. @default globalThis.EventSource */
  EventSource?: EventSourceConstructor | undefined;
  /** Counts each read by flag and variant: `createBrowserMetrics` from `@flagstaff/browser/metrics`. */
  metrics?: { count(flag: string, variant: string): void } | undefined;
}
