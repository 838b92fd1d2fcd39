import { z } from 'zod';
import { conditionSchema, errorResponse, ruleSchema, serveSchema } from './common-schemas.ts';

const environmentState = z.object({
  enabled: z.boolean(),
  offVariant: z.string(),
  rules: z.array(ruleSchema),
  fallthrough: serveSchema,
  clientVisible: z.boolean(),
});

export const flagDocument = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(['release', 'experiment', 'ops', 'permission']),
  owner: z.string().nullable(),
  tags: z.array(z.string()),
  variants: z.array(z.object({ key: z.string(), value: z.json() })),
  salt: z.string(),
  archived: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  environments: z.record(z.string(), environmentState),
});

export const flagView = flagDocument.extend({
  version: z.number().int(),
  updatedAt: z.string(),
  state: z.enum(['active', 'expired', 'archived']),
});

export const flagVersionView = z.object({
  version: z.number().int(),
  actor: z.string(),
  createdAt: z.string(),
  flag: flagDocument,
});

export const segmentView = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  included: z.array(z.string()),
  excluded: z.array(z.string()),
  conditions: z.array(conditionSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const environmentView = z.object({
  key: z.string(),
  name: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
});

export const credentialView = z.object({
  id: z.string(),
  kind: z.enum(['admin', 'server', 'client']),
  name: z.string(),
  environment: z.string().nullable(),
  hint: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const auditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceKey: z.string(),
  environment: z.string().nullable(),
  before: z.json().nullable(),
  after: z.json().nullable(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** The error responses every authenticated route may give. */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
} as const;
