import { describe, expect, it } from 'vitest';
import { filterMatches, isEventPattern } from '../../src/webhooks/event-filter.ts';
import {
  generateSecret,
  SECRET_PATTERN,
  sign,
  signatureHeaders,
  verifyWebhook,
} from '../../src/webhooks/webhook-signature.ts';

/** Published by Standard Webhooks (and Svix) for every implementation to reproduce. */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signatures', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('verifies the vector, also among several signatures, and refuses changes', () => {
    const now = new Date(VECTOR.timestamp * 1000 + 60_000);
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': `v1,bm9wZQ== ${VECTOR.signature}`,
    };
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body, now)).toEqual({ ok: true });
    expect(verifyWebhook(VECTOR.secret, headers, `${VECTOR.body} `, now).ok).toBe(false);
    expect(verifyWebhook(VECTOR.secret, { ...headers, 'webhook-id': 'msg_other' }, VECTOR.body, now).ok).toBe(
      false,
    );
    expect(
      verifyWebhook(
        VECTOR.secret,
        { ...headers, 'webhook-timestamp': String(VECTOR.timestamp + 1) },
        VECTOR.body,
        now,
      ).ok,
    ).toBe(false);
    expect(
      verifyWebhook(VECTOR.secret, headers, VECTOR.body, new Date(VECTOR.timestamp * 1000 + 301_000)),
    ).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
    expect(verifyWebhook(VECTOR.secret, {}, VECTOR.body, now)).toEqual({
      ok: false,
      reason: 'missing webhook-* headers',
    });
  });

  it('generates secrets in the Standard Webhooks format, different each time', () => {
    const a = generateSecret();
    expect(a).toMatch(SECRET_PATTERN);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
    const headers = signatureHeaders(a, 'evt_1', new Date(1_796_000_000_500), '{}');
    expect(headers['webhook-timestamp']).toBe('1796000000');
    expect(verifyWebhook(a, headers, '{}', new Date(1_796_000_001_000))).toEqual({ ok: true });
  });
});

describe('event filters', () => {
  it('accepts types, families and *, and refuses what names no event', () => {
    for (const pattern of [
      '*',
      'rollout.*',
      'flag.*',
      'cleanup.*',
      'rollout.rolled_back',
      'cleanup.report',
    ]) {
      expect(isEventPattern(pattern)).toBe(true);
    }
    for (const pattern of [
      'rollout',
      'rollout.',
      'deploy.*',
      '*.advanced',
      'rollout.exploded',
      '',
      'ROLLOUT.*',
    ]) {
      expect(isEventPattern(pattern)).toBe(false);
    }
  });

  it('matches on type and environment; events of no environment pass any environment filter', () => {
    const filter = { events: ['rollout.*', 'flag.expired'], environments: ['production'] };
    expect(filterMatches(filter, { type: 'rollout.advanced', environment: 'production' })).toBe(true);
    expect(filterMatches(filter, { type: 'rollout.advanced', environment: 'staging' })).toBe(false);
    expect(filterMatches(filter, { type: 'flag.expired', environment: null })).toBe(true);
    expect(filterMatches(filter, { type: 'flag.updated', environment: 'production' })).toBe(false);
    expect(
      filterMatches({ events: ['*'], environments: null }, { type: 'cleanup.report', environment: null }),
    ).toBe(true);
  });
});
