/**
 * Why the SDK could not do something. Reported through the `error` event, never thrown into the
 * application: evaluation goes on from the last snapshot held.
 * - `UNAUTHORIZED` / `FORBIDDEN`: the key was refused (401 / 403). Final: the SDK stops asking.
 * - `HTTP`, `NETWORK`, `READ_TIMEOUT`: the server is away; the SDK retries with backoff.
 * - `BAD_SNAPSHOT`: a payload was not a snapshot; it was ignored.
 * - `STORE`, `METRICS`: the persisted copy or the metrics report failed; nothing else is affected.
 */
export type FlagstaffErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'HTTP'
  | 'NETWORK'
  | 'READ_TIMEOUT'
  | 'BAD_SNAPSHOT'
  | 'STORE'
  | 'METRICS';

export class FlagstaffError extends Error {
  override readonly name = 'FlagstaffError';

  constructor(
    readonly code: FlagstaffErrorCode,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
