import type { ApiClient, components, Flag } from '@flagstaff/api-client';
import { unwrap } from './api.ts';

/** The lifecycle and cleanup routes (GET /cleanup, POST /cleanup/runs, POST /flags/{key}/expiry). */
export type CleanupReason = components['schemas']['CleanupReason'];
export type CleanupReport = components['schemas']['CleanupReport'];
export type CleanupRun = components['schemas']['CleanupRun'];
export type LifecycleStage = components['schemas']['LifecycleStage'];
/** A flag of the cleanup report, with why it is stale. */
export type StaleFlag = CleanupReport['owners'][number]['flags'][number];

export function getCleanupReport(
  api: ApiClient,
  query: { owner?: string; environment?: string },
): Promise<CleanupReport> {
  return unwrap(api.GET('/api/v1/cleanup', { params: { query } }));
}

/** The cleanup report by flag key, or undefined from a server that has none (404 on the route). */
export async function staleFlagsByKey(api: ApiClient): Promise<Map<string, StaleFlag> | undefined> {
  const answer = await api.GET('/api/v1/cleanup');
  if (answer.response.status === 404) return undefined;
  const report = await unwrap(Promise.resolve(answer));
  return new Map(report.owners.flatMap((group) => group.flags.map((flag) => [flag.key, flag])));
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
