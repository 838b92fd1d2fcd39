import type { Snapshot } from '@flagstaff/evaluator';
import type { BackoffOptions } from './backoff.ts';
import type { FlagstaffError } from './flagstaff-error.ts';
import type { PatchEvents } from './patch-events.ts';
import type { StreamTransport } from './stream-transport.ts';

/** The `fetch` the SDK calls: the platform's, or one injected (proxies, tests, custom agents). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface SyncOptions {
  /** The Flagstaff server, e.g. `https://flags.example.com`. */
  url: string;
  /**
   * Query parameters every request carries: `key=…` for client keys in browsers, where it spares a
   * CORS preflight on the stream. Built by the SDK, so the sync carries no code for the other way.
   */
  query?: string | undefined;
  /** Headers every request carries: `authorization: Bearer …` for server keys. */
  headers?: Record<string, string> | undefined;
  fetch: Fetch;
  /** Stream over SSE; false polls the snapshot endpoint only. */
  streaming: boolean;
  /** How the stream is read: `fetchStream`, or the browser's EventSource. */
  stream: StreamTransport;
  /**
   * Ask the stream for `patch` events (only what changed) after its first snapshot, handled by this
   * (`patchEvents()`), instead of a whole snapshot per revision. Passed in rather than imported, so an
   * SDK that does not use patches (the browser's) does not ship the code. The transport must deliver them.
   */
  patches?: PatchEvents | undefined;
  /** Poll period when not streaming or while the stream is down, in ms. */
  pollInterval: number;
  /** A stream silent this long (the server pings every 15 s) is taken as dead, in ms. */
  readTimeout: number;
  backoff?: BackoffOptions;
  now: () => number;
  /** The revision held: sent as `Last-Event-ID` and `If-None-Match`. */
  revision(): number | undefined;
  /** The snapshot held from the server, which patches apply to. */
  held(): Snapshot | undefined;
  /** A snapshot from the server; the caller applies it only if it is newer. */
  onSnapshot(snapshot: Snapshot): void;
  onError(error: FlagstaffError): void;
  /** Whether the server is reachable now: false after a failed attempt, true after a good one. */
  onReachable(reachable: boolean): void;
}
