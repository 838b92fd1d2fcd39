/**
 * The browser build's `#explain`: no texts for malformed flags. A browser receives snapshots the
 * server has validated; a malformed flag still evaluates to MALFORMED_FLAG (the golden vectors pin
 * the code, not the message), explained as `the flag cannot be read`. `snapshotProblem` from
 * `@flagstaff/evaluator/validate` says what is wrong with a snapshot, with paths.
 */
export const EXPLAIN = false;
