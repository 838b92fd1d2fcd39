import type { FlagDocument } from '../flags/flag-document.ts';

/** An environment's revision right after a write bumped it. */
export interface EnvironmentRevision {
  environment: string;
  revision: number;
}

/** A flag as one write left it, with the version it made. */
export type WrittenFlag = FlagDocument & { version: number };

/**
 * What one committed write changed, for live delivery. Every write bumps each environment's revision by
 * exactly one in its transaction, so a replica holding revision `n - 1` of an environment gets revision
 * `n` by applying `flag` alone: no database read on the write path.
 */
export interface CommittedChange {
  /** The revisions this write made; absent, delivery reads them. */
  revisions?: EnvironmentRevision[];
  /** The one flag this write changed, as written (with its new version); absent, delivery reloads. */
  flag?: WrittenFlag;
}
