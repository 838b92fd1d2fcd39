import { z } from 'zod';
import { description, environmentKey } from '../http/common-schemas.ts';
import { isEventPattern } from './event-filter.ts';
import { WEBHOOK_FORMATS } from './webhook-body.ts';
import { SECRET_PATTERN } from './webhook-signature.ts';
import { MAX_URL_LENGTH } from './webhook-url-guard.ts';

const eventPattern = z
  .string()
  .max(100)
  .refine(isEventPattern, 'must be an event type (rollout.advanced), a family (rollout.*) or *');

const fields = {
  description: description.optional(),
  /** Event types or patterns, e.g. `["rollout.*", "flag.expired"]`. */
  events: z.array(eventPattern).min(1).max(50),
  /** Only events in these environments (events that belong to none always pass). Null or absent: all. */
  environments: z.array(environmentKey).min(1).max(50).nullable(),
  /** `json`: the event itself; `slack`: a Slack incoming-webhook message. */
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
};

const secret = z
  .string()
  .regex(
    SECRET_PATTERN,
    'must be whsec_ followed by 16 to 64 bytes in base64; omit it to have one generated',
  );

export const createWebhookBody = z.strictObject({
  url: z.string().max(MAX_URL_LENGTH),
  /** Omitted: generated, and returned once in the response. */
  secret: secret.optional(),
  description: fields.description,
  events: fields.events,
  environments: fields.environments.optional(),
  format: fields.format.optional(),
  enabled: fields.enabled.optional(),
});

export const updateWebhookBody = z
  .strictObject({
    url: z.string().max(MAX_URL_LENGTH).optional(),
    secret: secret.optional(),
    /** true: a new secret is generated and returned once in the response. */
    rotateSecret: z.boolean().optional(),
    description: fields.description,
    events: fields.events.optional(),
    environments: fields.environments.optional(),
    format: fields.format.optional(),
    enabled: fields.enabled.optional(),
  })
  .refine((body) => !(body.secret && body.rotateSecret), {
    message: 'give a secret or ask for a new one (rotateSecret), not both',
    path: ['rotateSecret'],
  });

export const webhookIdParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a webhook id'),
});

export const deliveryParams = webhookIdParams.extend({
  deliveryId: z.string().regex(/^\d{1,15}$/, 'is not a delivery id'),
});

export const listWebhooksQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

export const listDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'is not a cursor from a previous page')
    .optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  environments: z.array(z.string()).nullable(),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Creation and secret rotation: the only responses that carry the secret. */
export const webhookWithSecretView = webhookView.extend({ secret: z.string() });

export const attemptView = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  nextAttemptAt: z.string().nullable(),
});

export const deliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** Every attempt, oldest first. */
  log: z.array(attemptView),
});

export type CreateWebhookInput = z.infer<typeof createWebhookBody>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookBody>;
export type WebhookView = z.infer<typeof webhookView>;
export type DeliveryView = z.infer<typeof deliveryView>;
