import type { FlagstaffError } from './flagstaff-error.ts';
import type { Fetch } from './sync-options.ts';

/** One stream connection to open: where, with which headers, resuming after which revision. */
export interface StreamRequest {
  /** The stream endpoint, with `?key=` when the key travels in the query. */
  url: string;
  /** Authorization, when the key travels in a header. */
  headers: Record<string, string>;
  /** The revision held: sent as `Last-Event-ID` (or as `lastEventId=` where headers cannot be set). */
  lastEventId: number | undefined;
  /** A stream silent this long is taken as dead (half-open), in ms. */
  readTimeout: number;
  fetch: Fetch;
}

/** What a transport tells the sync about its connection; nothing after it is closed. */
export interface StreamHandlers {
  /** The server accepted the stream. */
  open(): void;
  /** The data of a `snapshot` event. */
  snapshot(data: string): void;
  /** The data of a `patch` event (only streams opened with `patches` receive them). */
  patch(data: string): void;
  /** An SSE `retry:` field, in ms. */
  retry(ms: number): void;
  /** The key was refused (401 / 403): final. */
  refused(error: FlagstaffError): void;
  /**
   * The connection is over: it failed (`error`), or the server ended it (no error). `canRetry`
   * false (for a failure before opening): retrying the stream soon will not help, or the status is
   * unknown: the sync polls at once, which also learns a refusal.
   */
  ended(error: FlagstaffError | undefined, canRetry: boolean): void;
}

/**
 * Opens one Server-Sent Events connection and returns how to close it. The Node SDK reads the stream
 * with fetch (`fetchStream`); the browser SDK uses the platform's EventSource, which costs no code.
 */
export type StreamTransport = (request: StreamRequest, handlers: StreamHandlers) => () => void;
