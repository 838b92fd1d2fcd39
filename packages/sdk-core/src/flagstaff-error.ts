/**
 * Why the SDK could not do something. Reported through the `error` event, never thrown into the
 * application: evaluation goes on from the last snapshot held.
 * - `UNAUTHORIZED` / `FORBIDDEN`: the key was refused (401 / 403). Final: the SDK stops asking.
 * - `HTTP`, `NETWORK`, `READ_TIMEOUT`: the server is away; the SDK retries with backoff.
 * - `BAD_SNAPSHOT`: a payload was not a snapshot, or a bootstrap or persisted one broke the server's
 *   rules; it was ignored and the last good snapshot is still served.
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

/** Messages are short on purpose: they ship in the browser bundle; the code is what to branch on. */
export class FlagstaffError extends Error {
  declare readonly code: FlagstaffErrorCode;
  /** The HTTP status, when the server answered. */
  declare readonly status: number | undefined;

  constructor(code: FlagstaffErrorCode, message: string, status?: number, cause?: unknown) {
    super(message, { cause });
    // Assigned, not declared as fields: field initialisers cost a helper in down-levelled bundles.
    Object.assign(this, { name: 'FlagstaffError', code, status });
  }
}
