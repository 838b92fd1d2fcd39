import type { GuardReading } from './criteria-checks.ts';
import type { PrometheusGuard } from './rollout-model.ts';

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** The worst value of an instant query: the highest (for `>` guards) or lowest (`<`) over its series. */
function worst(response: PromResponse, failWhen: '>' | '<'): number | undefined {
  const data = response.data;
  if (!data) return undefined;
  const values: number[] = [];
  if (data.resultType === 'scalar') values.push(Number((data.result as [number, string])[1]));
  if (data.resultType === 'vector') {
    for (const series of data.result as { value: [number, string] }[]) values.push(Number(series.value[1]));
  }
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  return failWhen === '>' ? Math.max(...finite) : Math.min(...finite);
}

/**
 * Reads each guard through Prometheus's HTTP API (`/api/v1/query` at `now`). No data, an error or a
 * timeout reads as no data: never a pass, and never a rollback either.
 */
export async function readGuards(
  baseUrl: string | undefined,
  guards: PrometheusGuard[],
  now: Date,
  fetch: Fetch = globalThis.fetch,
  timeoutMs = 5_000,
): Promise<GuardReading[]> {
  return Promise.all(
    guards.map(async (guard): Promise<GuardReading> => {
      if (!baseUrl)
        return { guard, value: undefined, error: 'no Prometheus is configured (FLAGSTAFF_PROMETHEUS_URL)' };
      const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
      url.searchParams.set('query', guard.query);
      url.searchParams.set('time', String(now.getTime() / 1000));
      try {
        const response = await fetch(url.toString(), { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await response.json()) as PromResponse;
        if (body.status !== 'success')
          return { guard, value: undefined, error: `Prometheus: ${body.error ?? response.status}` };
        const value = worst(body, guard.failWhen);
        return value === undefined ? { guard, value, error: 'the query returned no data' } : { guard, value };
      } catch (error) {
        return { guard, value: undefined, error: `Prometheus unreachable: ${(error as Error).message}` };
      }
    }),
  );
}
