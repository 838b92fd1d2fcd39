import type { ApiClient, components, Flag } from '@flagstaff/api-client';
import { unwrap } from './api.ts';

/** The lifecycle and cleanup routes (GET /cleanup, POST /cleanup/runs, POST /flags/{key}/expiry). */
export type CleanupReason = components['schemas']['CleanupReason'];
export type CleanupReport = components['schemas']['CleanupReport'];
export type CleanupRun = components['schemas']['CleanupRun'];
export type LifecycleStage = components['schemas']['LifecycleStage'];

export function getCleanupReport(
  api: ApiClient,
  query: { owner?: string; environment?: string },
): Promise<CleanupReport> {
  return unwrap(api.GET('/api/v1/cleanup', { params: { query } }));
}

export function runCleanup(api: ApiClient): Promise<CleanupRun> {
  return unwrap(api.POST('/api/v1/cleanup/runs'));
}

/** `ifMatch` is optional here: without it the expiry moves whatever the version. */
export function extendExpiry(
  api: ApiClient,
  key: string,
  body: { expiresAt: string; reason: string },
  ifMatch: string | undefined,
): Promise<Flag> {
  return unwrap(
    api.POST('/api/v1/flags/{key}/expiry', {
      params: { path: { key }, ...(ifMatch ? { header: { 'if-match': ifMatch } } : {}) },
      body,
    }),
  );
}
