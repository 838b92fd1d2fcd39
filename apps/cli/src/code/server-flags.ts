import type { ApiClient, Flag, Segment } from '@flagstaff/api-client';
import { unwrap } from '../api.ts';

interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Every item of a paged list, following `nextCursor` 500 at a time. */
async function allPages<T>(page: (query: { limit: string; cursor?: string }) => Promise<Page<T>>) {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page({ limit: '500', ...(cursor ? { cursor } : {}) });
    all.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Every flag on the server, archived ones included. */
export function listAllFlags(api: ApiClient): Promise<Flag[]> {
  return allPages((query) => unwrap(api.GET('/api/v1/flags', { params: { query } })));
}

export function listAllSegments(api: ApiClient): Promise<Segment[]> {
  return allPages((query) => unwrap(api.GET('/api/v1/segments', { params: { query } })));
}

export async function listEnvironmentKeys(api: ApiClient): Promise<string[]> {
  const { items } = await unwrap(api.GET('/api/v1/environments'));
  return items.map((environment) => environment.key);
}
