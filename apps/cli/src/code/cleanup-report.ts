import type { ApiClient } from '@flagstaff/api-client';
import { unwrap } from '../api.ts';

/** `GET /api/v1/cleanup` (docs: the lifecycle contract): stale flags by owner, each with its reasons. */
export interface CleanupReport {
  generatedAt: string;
  staleAfterDays: number;
  owners: {
    owner: string | null;
    flags: {
      key: string;
      type: string;
      owner: string | null;
      expiresAt: string | null;
      archived: boolean;
      reasons: {
        code: string;
        environment: string | null;
        since: string;
        ageDays: number;
        message: string;
      }[];
    }[];
  }[];
}

export type StaleFlag = CleanupReport['owners'][number]['flags'][number];

type LooseGet = (
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * The server's cleanup report, or undefined from a server that has none yet (404 on the route).
 * Called through the untyped path until the typed client carries the route.
 */
export async function fetchCleanupReport(api: ApiClient): Promise<Map<string, StaleFlag> | undefined> {
  const get = api.GET as unknown as LooseGet;
  const answer = await get('/api/v1/cleanup', {});
  if (answer.response.status === 404) return undefined;
  const report = (await unwrap(Promise.resolve(answer))) as CleanupReport;
  return new Map(report.owners.flatMap((group) => group.flags.map((flag) => [flag.key, flag])));
}
