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
  | 'LAST_ADMIN'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'BAD_REQUEST'
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
    code: 'ALREADY_EXISTS' | 'SEGMENT_IN_USE' | 'LAST_ADMIN' | 'CONFLICT',
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
