import { expect, vi } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { releaseFlag } from '../support/test-app.ts';

export type KeyKind = 'admin' | 'server' | 'client';

export async function createKey(t: TestApp, kind: KeyKind, environment?: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/credentials',
    payload: { kind, name: `${kind}-${environment ?? 'all'}`, ...(environment ? { environment } : {}) },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string };
}

export async function createFlag(t: TestApp, key: string, extra: Record<string, unknown> = {}) {
  const res = await t.request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag(key, extra) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { version: number };
}

/** Changes a flag's state in one environment (reads its ETag first). */
export async function patchFlagState(t: TestApp, key: string, env: string, patch: Record<string, unknown>) {
  const current = await t.request({ method: 'GET', url: `/api/v1/flags/${key}` });
  const res = await t.request({
    method: 'PATCH',
    url: `/api/v1/flags/${key}/environments/${env}`,
    headers: { 'if-match': current.headers.etag as string },
    payload: patch,
  });
  expect(res.statusCode, res.body).toBe(200);
}

export async function environmentRevision(t: TestApp, env: string): Promise<number> {
  const res = await t.request({ method: 'GET', url: `/api/v1/environments/${env}` });
  return (res.json() as { revision: number }).revision;
}

/**
 * Redis for the tests that need it: REDIS_URL, or (outside CI) none and those tests skip. In CI a
 * missing REDIS_URL fails loudly instead of silently skipping the multi-replica half.
 */
export function redisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but REDIS_URL is unset: the Redis half of the delivery suite would not run');
  }
  // Said in the output, once per file that skips: a silent skip reads like a pass.
  if (!url) console.warn('REDIS_URL is unset: the tests here that need Redis are SKIPPED (set REDIS_URL)');
  return url || undefined;
}

/**
 * The SDK snapshot once it has caught up with the environment's current revision: delivery refreshes
 * its in-memory copy just after a write commits, not before the write answers.
 */
export async function currentSnapshot(t: TestApp, token: string, env: string) {
  const revision = await environmentRevision(t, env);
  return vi.waitFor(
    async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/sdk/snapshot',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.json().revision).toBeGreaterThanOrEqual(revision);
      return res;
    },
    { timeout: 5_000, interval: 10 },
  );
}
