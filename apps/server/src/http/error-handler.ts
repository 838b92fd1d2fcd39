import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  DatabaseUnavailableError,
  type ErrorCode,
  fromDriverError,
  type Issue,
} from '../errors.ts';

interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: Issue[]; [extra: string]: unknown };
}

function body(
  code: ErrorCode,
  message: string,
  issues?: Issue[],
  details?: Record<string, unknown>,
): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}), ...details } };
}

function pathOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Fastify's own 4xx errors (media type, body size, bad JSON framing) in our body shape. */
function frameworkCode(error: FastifyError): ErrorCode {
  if (error.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (error.statusCode === 404) return 'NOT_FOUND';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return 'INVALID_JSON';
  }
  return 'BAD_REQUEST';
}

/** Router errors raised before any route runs (bad URL encoding, over-long parameters), in our body shape. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  reply.status(status).send(body('BAD_REQUEST', error.message.slice(0, 200)));
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, request, reply) => {
    const mapped = raw instanceof AppError ? undefined : fromDriverError(raw);
    const error = (mapped ?? raw) as FastifyError;
    if (error instanceof DatabaseUnavailableError) {
      // An outage, not a bug: a warning naming the driver's reason, and a hint for the client.
      request.log.warn({ reason: error.reason }, 'database unavailable');
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
    if (error instanceof AppError) {
      if (error.code === 'PRECONDITION_FAILED' && error.details?.etag) {
        reply.header('etag', String(error.details.etag));
      }
      return reply.status(error.status).send(body(error.code, error.message, error.issues, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      // Body paths are as in the body (like the services' issues); others say where they are.
      const issues = error.validation.map((v) => ({
        path: where === 'body' ? pathOf(v.instancePath) : [where, ...pathOf(v.instancePath)],
        message: v.message ?? 'is invalid',
      }));
      return reply.status(400).send(body('VALIDATION_FAILED', `The request ${where} is invalid`, issues));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(frameworkCode(error), error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side; it has been logged'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}
