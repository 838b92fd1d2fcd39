/**
 * Exit codes a CI job can rely on (documented in apps/cli/README.md). Stable: scripts branch on them.
 */
export const EXIT = {
  /** Done; for checks, nothing found. */
  ok: 0,
  /** A check found something (`check`, `cleanup --fail-on-findings`) or `apply --dry-run` has changes. */
  findings: 1,
  /** Wrong usage: an unknown command or option, a missing argument, no token configured. */
  usage: 2,
  /** The server refused the token (401) or its rights (403). */
  auth: 3,
  /** What was named does not exist (404). */
  notFound: 4,
  /** Someone else changed it meanwhile (409, 412, 428): nothing was overwritten. */
  conflict: 5,
  /** The server could not be reached. */
  unreachable: 6,
  /** The input was refused: a malformed file, or a request the server answered with 400, 413, 415 or 422. */
  invalidInput: 7,
  /** The server failed (5xx) or answered something unexpected. */
  server: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
