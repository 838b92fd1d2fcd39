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
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*')) return;
  const current = etagOf(currentVersion);
  if (!tags.some((t) => t === current || t === String(currentVersion))) {
    throw new PreconditionFailedError(currentVersion);
  }
}
