import { PreconditionFailedError, PreconditionRequiredError } from '../errors.ts';
import type { ExpectedVersion } from '../flags/flag-writer.ts';

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

/**
 * The version a write is based on, from its `If-Match`: missing is a 428; `*` (alone or in a list) is
 * `any`; `"N"`, `W/"N"` or `N` is N. A list of several versions, or a tag that is no version of ours,
 * can match no current version: -1, which every write answers with a 412 and the current version.
 */
export function expectedVersionOf(ifMatch: string | undefined): ExpectedVersion {
  if (ifMatch === undefined || ifMatch.trim() === '') throw new PreconditionRequiredError();
  const tags = ifMatch.split(',').map((t) =>
    t
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
  if (tags.includes('*')) return 'any';
  const [only] = tags;
  return tags.length === 1 && only !== undefined && /^[1-9][0-9]{0,9}$/.test(only) ? Number(only) : -1;
}
