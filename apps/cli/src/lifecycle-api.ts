import type { ApiClient, Flag } from '@flagstaff/api-client';
import { unwrap } from './api.ts';

/**
 * The lifecycle and cleanup routes, per the lifecycle contract (GET /cleanup, POST /cleanup/runs,
 * POST /flags/{key}/expiry). Typed here from the contract until the generated client has them.
 */
export interface CleanupReason {
  code: 'expired' | 'expiring_soon' | 'settled' | 'not_evaluated' | 'archived_but_evaluated';
  environment: string | null;
  since: string;
  ageDays: number;
  message: string;
}

export interface CleanupFlag {
  key: string;
  type: Flag['type'];
  owner: string | null;
  expiresAt: string | null;
  archived: boolean;
  reasons: CleanupReason[];
}

export interface CleanupReport {
  generatedAt: string;
  staleAfterDays: number;
  owners: { owner: string | null; flags: CleanupFlag[] }[];
}

export interface CleanupRun {
  ranAt: string;
  flagged: number;
  owners: number;
  notified: number;
}

interface UntypedClient {
  GET(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

const untyped = (api: ApiClient) => api as unknown as UntypedClient;

export function getCleanupReport(
  api: ApiClient,
  query: { owner?: string; environment?: string },
): Promise<CleanupReport> {
  return unwrap(untyped(api).GET('/api/v1/cleanup', { params: { query } })) as Promise<CleanupReport>;
}

export function runCleanup(api: ApiClient): Promise<CleanupRun> {
  return unwrap(untyped(api).POST('/api/v1/cleanup/runs', {})) as Promise<CleanupRun>;
}

export function extendExpiry(
  api: ApiClient,
  key: string,
  body: { expiresAt: string; reason: string },
  ifMatch: string | undefined,
): Promise<Flag> {
  return unwrap(
    untyped(api).POST('/api/v1/flags/{key}/expiry', {
      params: { path: { key }, ...(ifMatch ? { header: { 'if-match': ifMatch } } : {}) },
      body,
    }),
  ) as Promise<Flag>;
}
