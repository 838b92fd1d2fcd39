import { FlagstaffError } from './flagstaff-error.ts';

/** 401 and 403 are final (sdk-protocol.md): the SDK reports them once and stops asking. */
export function refusal(status: number): FlagstaffError | undefined {
  if (status === 401) return new FlagstaffError('UNAUTHORIZED', 'unknown SDK key', 401);
  if (status === 403) return new FlagstaffError('FORBIDDEN', 'SDK key not allowed here', 403);
  return undefined;
}

/** Statuses worth retrying: timeouts, rate limits and server errors. */
export function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
