import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decimalInteger, isoDateTime, resourceKey } from '../http/common-schemas.ts';
import { auditRecord, errors } from '../http/response-schemas.ts';
import type { AuditService } from './audit-service.ts';

const auditQuery = z.strictObject({
  flag: resourceKey.optional(),
  resourceType: z
    .enum(['flag', 'segment', 'environment', 'credential', 'rollout', 'webhook', 'cleanup'])
    .optional(),
  resourceKey: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: decimalInteger(1, 500).default(100),
  /** An audit record id (bigserial, read as a JS number): at most 2^53 - 1. */
  cursor: decimalInteger(1, Number.MAX_SAFE_INTEGER).optional(),
});

/** Read-only: the audit log has no route that edits or deletes it. */
export function auditRoutes(audit: AuditService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first; filter by flag, resource, actor and time range',
          querystring: auditQuery,
          response: {
            200: z.object({ items: z.array(auditRecord), nextCursor: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (request) => {
        const q = request.query;
        return audit.list({
          resourceType: q.flag ? 'flag' : q.resourceType,
          resourceKey: q.flag ?? q.resourceKey,
          actor: q.actor,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          before: q.cursor,
          limit: q.limit,
        });
      },
    );
  };
}
