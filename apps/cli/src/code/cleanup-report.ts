import type { ApiClient, components } from '@flagstaff/api-client';
import { unwrap } from '../api.ts';

/** A flag of the cleanup report (`GET /api/v1/cleanup`), with why it is stale. */
export type StaleFlag = components['schemas']['CleanupReport']['owners'][number]['flags'][number];

/** The server's cleanup report by flag key, or undefined from a server that has none (404 on the route). */
export async function fetchCleanupReport(api: ApiClient): Promise<Map<string, StaleFlag> | undefined> {
  const answer = await api.GET('/api/v1/cleanup');
  if (answer.response.status === 404) return undefined;
  const report = await unwrap(Promise.resolve(answer));
  return new Map(report.owners.flatMap((group) => group.flags.map((flag) => [flag.key, flag])));
}
