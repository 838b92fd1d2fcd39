import { PreconditionFailedError, PreconditionRequiredError } from '../errors.ts';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Optimistic concurrency: the `If-Match` the client sent must name the current version.
 * Missing: 428. Stale: 412 with the current version. `*` matches any existing version.
 */
export function checkIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') throw new PreconditionRequiredError();
  if (!ifMatchAllows(ifMatch, currentVersion)) throw new PreconditionFailedError(currentVersion);
}

/** Whether a present `If-Match` names `version` (or `*`). */
export function ifMatchAllows(ifMatch: string, version: number): boolean {
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  const etag = etagOf(version);
  return tags.some((t) => t === '*' || t === etag || t === String(version));
}
