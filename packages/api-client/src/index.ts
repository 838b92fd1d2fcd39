/**
 * A typed client for Flagstaff's management API: paths, parameters, bodies and responses are the
 * types generated from the server's OpenAPI document (src/schema.ts), over openapi-fetch. For the
 * CLI and the console; internal (not published).
 *
 * @example
 * const api = createApiClient({ url: 'http://127.0.0.1:3000', token: process.env.FLAGSTAFF_TOKEN! });
 * const { data, error } = await api.GET('/api/v1/flags/{key}', { params: { path: { key: 'new_checkout_flow' } } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths };
export type Flag = components['schemas']['Flag'];
export type Segment = components['schemas']['Segment'];
export type Explanation = components['schemas']['Explanation'];
export type ApiError = components['schemas']['Error'];

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** The server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** An admin token (`fs_admin_…`). */
  token: string;
  /** A `fetch` to use instead of the platform's (tests, proxies). */
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  return createClient<paths>({
    baseUrl: options.url.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
