import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-schedule.ts';
import { signatureHeaders } from './webhook-signature.ts';
import { nodeTransport, type WebhookTransport } from './webhook-transport.ts';
import {
  type AllowList,
  NOTHING_ALLOWED,
  parseWebhookUrl,
  type Resolver,
  resolveWebhookTarget,
  systemResolver,
} from './webhook-url-guard.ts';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempt,
  type SubscriptionRow,
  subscriptionsByIds,
} from './webhooks-repository.ts';

export interface WebhookSenderLog {
  warn(details: object, message: string): void;
}

export interface WebhookSenderDeps {
  db: Db;
  log: WebhookSenderLog;
  /** Private hosts and ranges the operator allows (`FLAGSTAFF_WEBHOOK_ALLOW`). Default: none. */
  allow?: AllowList | undefined;
  /** DNS; default the system resolver. */
  resolve?: Resolver | undefined;
  /** Default: node:http(s) connecting to the checked address. */
  transport?: WebhookTransport | undefined;
}

export interface WebhookSenderOptions {
  /** Deliveries claimed per call. @default 20 */
  batchSize?: number;
  /** How long a claim keeps other senders off; longer than the attempt timeout. @default 30_000 */
  leaseMs?: number;
  /** One attempt's limit, DNS included. @default 10_000 */
  timeoutMs?: number;
  /** @default 10 */
  maxAttempts?: number;
  /** For the retry jitter. @default Math.random */
  random?: () => number;
}

const USER_AGENT = 'Flagstaff-Webhooks/1';

/** One attempt's result: a status code, or why there is none. */
async function attempt(
  deps: WebhookSenderDeps,
  subscription: SubscriptionRow,
  delivery: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    // Checked again at every attempt: DNS may have changed since the URL was saved.
    const url = parseWebhookUrl(subscription.url);
    const address = await withTimeout(
      resolveWebhookTarget(url, deps.allow ?? NOTHING_ALLOWED, deps.resolve ?? systemResolver),
      timeoutMs,
    );
    const response = await (deps.transport ?? nodeTransport)({
      url,
      address,
      body: delivery.body,
      timeoutMs,
      headers: {
        ...signatureHeaders(subscription.secret, delivery.eventId, now, delivery.body),
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
    });
    if (response.status >= 200 && response.status < 300) return { statusCode: response.status, error: null };
    if (response.status >= 300 && response.status < 400) {
      return {
        statusCode: response.status,
        error: `redirect to ${response.location ?? '(no location)'} not followed: point the webhook at the final URL`,
      };
    }
    const excerpt = response.excerpt.trim();
    return { statusCode: response.status, error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}` };
  } catch (error) {
    return { statusCode: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DNS did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends the deliveries that are due at `now`: claims a batch (several replicas never hold one delivery at
 * once), sends each signed, records the attempt, and schedules a retry with backoff or gives up after
 * `maxAttempts`. No transaction is open during HTTP. Delivery is at least once: a process that dies between
 * sending and recording sends again once the lease passes, with the same `webhook-id`.
 * Returns the deliveries delivered and the attempts that failed (retried later or given up).
 */
export async function sendDueWebhooks(
  deps: WebhookSenderDeps,
  now: Date,
  options: WebhookSenderOptions = {},
): Promise<{ sent: number; failed: number }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = Math.max(options.leaseMs ?? 30_000, timeoutMs * 2 + 1_000);
  const claimed = await claimDueDeliveries(
    deps.db,
    now,
    new Date(now.getTime() + leaseMs),
    options.batchSize ?? 20,
  );
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const subscriptions = new Map(
    (await subscriptionsByIds(deps.db, [...new Set(claimed.map((d) => d.subscriptionId))])).map((s) => [
      s.id,
      s,
    ]),
  );
  const outcomes = await Promise.all(
    claimed.map(async (delivery) => {
      const subscription = subscriptions.get(delivery.subscriptionId);
      if (!subscription) return undefined; // deleted since the claim: its deliveries went with it
      const outcome = await attemptOutcome(deps, subscription, delivery, now, timeoutMs, options);
      // Recorded as soon as known: a slow receiver does not hold back the log of the others.
      await recordAttempt(deps.db, outcome);
      return outcome.status;
    }),
  );
  return {
    sent: outcomes.filter((status) => status === 'delivered').length,
    failed: outcomes.filter((status) => status === 'pending' || status === 'failed').length,
  };
}

async function attemptOutcome(
  deps: WebhookSenderDeps,
  subscription: SubscriptionRow,
  delivery: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
  options: WebhookSenderOptions,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const result = await attempt(deps, subscription, delivery, now, timeoutMs);
  const durationMs = Math.round(performance.now() - started);
  const delivered = result.error === null;
  const givenUp = !delivered && delivery.attempt >= (options.maxAttempts ?? MAX_ATTEMPTS);
  const nextAttemptAt =
    delivered || givenUp ? null : new Date(now.getTime() + retryDelayMs(delivery.attempt, options.random));
  if (!delivered) {
    deps.log.warn(
      {
        subscription: subscription.id,
        delivery: delivery.id,
        attempt: delivery.attempt,
        error: result.error,
      },
      givenUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
    );
  }
  return {
    deliveryId: delivery.id,
    attempt: delivery.attempt,
    at: now,
    statusCode: result.statusCode,
    error: result.error?.slice(0, 1_000) ?? null,
    durationMs,
    nextAttemptAt,
    status: delivered ? 'delivered' : givenUp ? 'failed' : 'pending',
  };
}
