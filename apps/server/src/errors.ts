/** One field-level problem, `path` as in the request body. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'ALREADY_EXISTS'
  | 'SEGMENT_IN_USE'
  | 'FLAG_ARCHIVED'
  | 'ROLLOUT_IN_PROGRESS'
  | 'ROLLOUT_NOT_ACTIVE'
  | 'LAST_ADMIN'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'BAD_REQUEST'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL';

/** The one error hierarchy. The HTTP error handler turns it into `{ error: { code, message, issues? } }`. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    /** Extra fields for the error body, e.g. the current version on a 412. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(issues: Issue[], message = 'The request is invalid') {
    super(400, 'VALIDATION_FAILED', message, issues);
  }
}

export class BadRequestError extends AppError {
  constructor(code: 'INVALID_JSON' | 'BAD_REQUEST', message: string) {
    super(400, code, message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A credential is required: send `Authorization: Bearer <token>`') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'This credential may not use this route') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(
    code:
      | 'ALREADY_EXISTS'
      | 'SEGMENT_IN_USE'
      | 'FLAG_ARCHIVED'
      | 'ROLLOUT_IN_PROGRESS'
      | 'ROLLOUT_NOT_ACTIVE'
      | 'LAST_ADMIN'
      | 'CONFLICT',
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(409, code, message, undefined, details);
  }
}

export class PreconditionFailedError extends AppError {
  constructor(currentVersion: number) {
    super(
      412,
      'PRECONDITION_FAILED',
      `If-Match does not match the current version (${currentVersion}): read it again and retry`,
      undefined,
      { currentVersion, etag: `"${currentVersion}"` },
    );
  }
}

export class PreconditionRequiredError extends AppError {
  constructor() {
    super(428, 'PRECONDITION_REQUIRED', 'This update requires an If-Match header with the ETag you read');
  }
}

/** The database cannot be reached (stopped, restarting, out of connections): a 503 the client may retry. */
export class DatabaseUnavailableError extends AppError {
  /** Sent as `Retry-After`: about how long a PostgreSQL restart or failover takes. */
  readonly retryAfterSeconds = 5;
  /** @param reason what the driver said, for the log only (never in the response). */
  constructor(readonly reason = '') {
    super(503, 'DATABASE_UNAVAILABLE', 'The database cannot be reached right now; retry in a few seconds');
  }
}

/**
 * SQLSTATEs that say the connection, not the statement, failed: class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** Socket errors from the PostgreSQL driver's connection. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres and PGlite say, without a code, when the connection is gone or closed. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end|PGlite is closed)/;

function* causes(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0 && seen.size < 10) {
    const next = queue.shift();
    if (next === null || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    yield next as { code?: unknown; message?: unknown };
    queue.push((next as { cause?: unknown }).cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
}

/** Whether a database error (or one of its causes) carries this SQLSTATE: for our own raised codes. */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  for (const cause of causes(error)) if (cause.code === sqlState) return true;
  return false;
}

/**
 * The one place that reads database driver errors (drizzle wraps them: the driver's error is the
 * `cause`). Connection failures become a 503, constraint races a 409; SQLSTATEs never leave this
 * function. Undefined: not a driver error we know, so a real bug (500).
 */
export function fromDriverError(error: unknown): AppError | undefined {
  for (const cause of causes(error)) {
    const code = typeof cause.code === 'string' ? cause.code : '';
    const message = typeof cause.message === 'string' ? cause.message : '';
    if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_MESSAGE.test(message)) {
      return new DatabaseUnavailableError([code, message].filter(Boolean).join(' ').slice(0, 300));
    }
    if (code === '23505')
      return new ConflictError('ALREADY_EXISTS', 'Something with this key already exists');
    if (code === '40001' || code === '40P01') {
      return new ConflictError('CONFLICT', 'A concurrent change got in the way; read again and retry');
    }
  }
  return undefined;
}
