import { randomBytes } from 'node:crypto';
import type { JsonValue } from '@flagstaff/evaluator';
import { insertAudit } from '../audit/audit-repository.ts';
import type { Db } from '../db/database.ts';
import { listEnvironments } from '../environments/environments-repository.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { checkIfMatch } from '../http/if-match.ts';
import type { WebhookFormat } from './webhook-body.ts';
import type { CreateWebhookInput, DeliveryView, UpdateWebhookInput, WebhookView } from './webhook-schemas.ts';
import { generateSecret } from './webhook-signature.ts';
import {
  type AllowList,
  NOTHING_ALLOWED,
  parseWebhookUrl,
  type Resolver,
  resolveWebhookTarget,
  systemResolver,
  UnsafeUrlError,
} from './webhook-url-guard.ts';
import {
  type AttemptRow,
  attemptsOf,
  type DeliveryRow,
  type DeliveryStatus,
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listDeliveries,
  listSubscriptions,
  requeueDelivery,
  type SubscriptionRow,
  updateSubscription,
} from './webhooks-repository.ts';

export interface WebhooksServiceOptions {
  /** `FLAGSTAFF_WEBHOOK_ALLOW`. Default: nothing private allowed. */
  allow?: AllowList | undefined;
  /** DNS. Default: the system resolver. */
  resolve?: Resolver | undefined;
}

function view(row: SubscriptionRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    environments: row.environments ?? null,
    format: row.format as WebhookFormat,
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function deliveryView(row: DeliveryRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: String(row.id),
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    log: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null,
    })),
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/** Webhook subscriptions: each change audited in its own transaction; secrets shown once. */
export function createWebhooksService(
  db: Db,
  options: WebhooksServiceOptions = {},
  clock: () => Date = () => new Date(),
) {
  const allow = options.allow ?? NOTHING_ALLOWED;
  const resolve = options.resolve ?? systemResolver;

  /** Refused here with a 400, and checked again at every send (DNS can change in between). */
  async function checkUrl(raw: string): Promise<string> {
    try {
      const url = parseWebhookUrl(raw);
      await resolveWebhookTarget(url, allow, resolve);
      return url.toString();
    } catch (error) {
      if (error instanceof UnsafeUrlError) {
        throw new ValidationError([{ path: ['url'], message: error.message }], 'The webhook URL is refused');
      }
      throw error;
    }
  }

  async function checkEnvironments(tx: Db, environments: string[] | null | undefined) {
    if (!environments) return;
    const known = new Set((await listEnvironments(tx)).map((e) => e.key));
    const issues = environments
      .map((key, index) => ({ key, index }))
      .filter(({ key }) => !known.has(key))
      .map(({ key, index }) => ({
        path: ['environments', index],
        message: `environment ${key} does not exist`,
      }));
    if (issues.length > 0) throw new ValidationError(issues, 'The webhook names unknown environments');
  }

  async function audit(tx: Db, actor: string, action: string, id: string, before: unknown, after: unknown) {
    await insertAudit(tx, {
      actor,
      action,
      resourceType: 'webhook',
      resourceKey: id,
      before: (before ?? null) as JsonValue,
      after: (after ?? null) as JsonValue,
    });
  }

  async function found(tx: Db, id: string, forUpdate = false): Promise<SubscriptionRow> {
    const row = await findSubscription(tx, id, forUpdate);
    if (!row) throw new NotFoundError(`Webhook ${id}`);
    return row;
  }

  return {
    async create(input: CreateWebhookInput, actor: string): Promise<WebhookView & { secret: string }> {
      const url = await checkUrl(input.url);
      const secret = input.secret ?? generateSecret();
      return db.transaction(async (tx) => {
        await checkEnvironments(tx, input.environments);
        const now = clock();
        const row = await insertSubscription(tx, {
          id: `wh_${randomBytes(10).toString('hex')}`,
          url,
          secret,
          description: input.description ?? '',
          events: [...new Set(input.events)],
          environments: input.environments ? [...new Set(input.environments)] : null,
          format: input.format ?? 'json',
          enabled: input.enabled ?? true,
          createdAt: now,
          updatedAt: now,
        });
        const created = view(row);
        await audit(tx, actor, 'webhook.created', row.id, null, created);
        return { ...created, secret };
      });
    },

    async list(page: { limit: number; cursor?: string | undefined }) {
      const rows = await listSubscriptions(db, { after: page.cursor, limit: page.limit + 1 });
      const items = rows.slice(0, page.limit).map(view);
      return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    },

    async get(id: string): Promise<WebhookView> {
      return view(await found(db, id));
    },

    /** Returns the secret only when this update set or rotated it. */
    async update(
      id: string,
      input: UpdateWebhookInput,
      ifMatch: string | undefined,
      actor: string,
    ): Promise<WebhookView & { secret?: string }> {
      const url = input.url === undefined ? undefined : await checkUrl(input.url);
      const secret = input.rotateSecret ? generateSecret() : input.secret;
      return db.transaction(async (tx) => {
        const row = await found(tx, id, true);
        checkIfMatch(ifMatch, row.version);
        await checkEnvironments(tx, input.environments);
        const updated = await updateSubscription(tx, id, {
          ...(url !== undefined ? { url } : {}),
          ...(secret !== undefined ? { secret } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
          ...(input.environments !== undefined
            ? { environments: input.environments ? [...new Set(input.environments)] : null }
            : {}),
          ...(input.format !== undefined ? { format: input.format } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          version: row.version + 1,
          updatedAt: clock(),
        });
        const after = view(updated);
        // The secret never enters the audit log; that it changed does.
        await audit(tx, actor, 'webhook.updated', id, view(row), {
          ...after,
          ...(secret !== undefined ? { secretChanged: true } : {}),
        });
        return secret !== undefined ? { ...after, secret } : after;
      });
    },

    /** With If-Match, only that version is deleted; without, whatever it is. Pending deliveries go with it. */
    async remove(id: string, ifMatch: string | undefined, actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await found(tx, id, true);
        if (ifMatch !== undefined) checkIfMatch(ifMatch, row.version);
        await deleteSubscription(tx, id);
        await audit(tx, actor, 'webhook.deleted', id, view(row), null);
      });
    },

    /**
     * Sends a delivery again at the next sender run, whatever its state (a receiver fixed after the
     * retries ran out). Its attempts go on counting: past the last one it gets one more try.
     */
    async redeliver(id: string, deliveryId: string, actor: string): Promise<DeliveryView> {
      return db.transaction(async (tx) => {
        await found(tx, id);
        const row = await requeueDelivery(tx, id, Number(deliveryId), clock());
        if (!row) throw new NotFoundError(`Delivery ${deliveryId} of webhook ${id}`);
        await audit(tx, actor, 'webhook.redelivered', id, null, {
          delivery: deliveryId,
          eventId: row.eventId,
        });
        return deliveryView(row, await attemptsOf(tx, [row.id]));
      });
    },

    async deliveries(
      id: string,
      page: { limit: number; cursor?: string | undefined; status?: DeliveryStatus | undefined },
    ) {
      await found(db, id);
      const rows = await listDeliveries(db, id, {
        before: page.cursor === undefined ? undefined : Number(page.cursor),
        status: page.status,
        limit: page.limit + 1,
      });
      const shown = rows.slice(0, page.limit);
      const attempts = await attemptsOf(
        db,
        shown.map((row) => row.id),
      );
      const byDelivery = new Map<number, AttemptRow[]>();
      for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
      const items = shown.map((row) => deliveryView(row, byDelivery.get(row.id) ?? []));
      return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    },
  };
}
