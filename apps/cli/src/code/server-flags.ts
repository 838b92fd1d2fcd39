import type { ApiClient, Flag, Segment } from '@flagstaff/api-client';
import { unwrap } from '../api.ts';

/** Every flag on the server, archived ones included, every page. */
export async function listAllFlags(api: ApiClient): Promise<Flag[]> {
  const all: Flag[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/flags', { params: { query: { limit: '500', ...(cursor ? { cursor } : {}) } } }),
    );
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function listAllSegments(api: ApiClient): Promise<Segment[]> {
  const all: Segment[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/segments', { params: { query: { limit: '500', ...(cursor ? { cursor } : {}) } } }),
    );
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function listEnvironmentKeys(api: ApiClient): Promise<string[]> {
  const { items } = await unwrap(api.GET('/api/v1/environments'));
  return items.map((environment) => environment.key);
}
