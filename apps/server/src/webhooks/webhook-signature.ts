import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signing as in Standard Webhooks (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the subscription's secret, sent as
 * `webhook-signature: v1,<base64>`. Receivers can use any Standard Webhooks library, or `verifyWebhook`.
 */

const SECRET_PREFIX = 'whsec_';
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{22,88}={0,2}$/;

/** A new secret: `whsec_` and 32 random bytes in base64 (the Standard Webhooks format). */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The three headers of one attempt. */
export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * For receivers: checks a delivery's signature and its age (a replayed old delivery is refused). Pass the
 * raw body exactly as received (before JSON parsing), the headers lower-cased, and the current time.
 * Deliveries are at-least-once: dedupe on `webhook-id`.
 *
 * @example
 * const result = verifyWebhook(process.env.WEBHOOK_SECRET, req.headers, rawBody, new Date());
 * if (!result.ok) return res.writeHead(401).end(result.reason);
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: Date,
  toleranceSeconds = 300,
): VerifyResult {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-* headers' };
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp outside the tolerance' };
  }
  const expected = Buffer.from(sign(secret, id, seconds, rawBody));
  for (const candidate of signatures.split(' ')) {
    const given = Buffer.from(candidate);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}
