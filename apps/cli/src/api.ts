import { type ApiClient, createApiClient } from '@flagstaff/api-client';
import { CliError, serverError } from './cli-error.ts';
import type { ResolvedConfig } from './config.ts';
import { EXIT } from './exit-codes.ts';

/** A typed client for the configured server; a network failure becomes an `UNREACHABLE` CliError. */
export function connect(config: ResolvedConfig): ApiClient {
  if (!config.token) {
    throw new CliError(
      EXIT.usage,
      'no token: set FLAGSTAFF_TOKEN, pass --token, or put "token" in .flagstaff.json',
      'NO_TOKEN',
    );
  }
  const server = config.server;
  const reach: typeof fetch = async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(
        EXIT.unreachable,
        `cannot reach the Flagstaff server at ${server} (${why})`,
        'UNREACHABLE',
      );
    }
  };
  return createApiClient({ url: server, token: config.token, fetch: reach });
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a 2xx answer, or the server's error as a CliError with its exit code. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw serverError(response.status, error);
  return data as T;
}
