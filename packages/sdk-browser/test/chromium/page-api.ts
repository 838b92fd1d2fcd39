import type { VectorSuite } from '@flagstaff/evaluator/vectors/golden';
import type { ChangeEvent, Evaluation, JsonValue, ReadySource } from '../../src/index.ts';

export type { VectorSuite };

/** What the browser SDK answered for one golden case, through its public API. */
export interface VectorAnswer {
  suite: string;
  name: string;
  /** The typed getter's value (`isEnabled`, `getString`, `getNumber`, `getJson`). */
  typed: JsonValue;
  explain: Evaluation;
  variant: string | undefined;
}

/**
 * What the test page exposes to the test as `globalThis.flagstaffPage` (called through
 * `page.evaluate`). Opened with `?key=cli_…&context={…}&flags=a,b`, the page creates a client at
 * load, as an application would; opened without a key it only offers `runVectors`.
 */
export interface PageApi {
  /** `explain` of each `?flags=` flag, read synchronously right after `createClient`, before any await. */
  initial(): Record<string, Evaluation>;
  /** `explain` of each `?flags=` flag now. */
  read(): Record<string, Evaluation>;
  /** What the page's `ready({ timeout })` resolved with. */
  ready(): Promise<ReadySource | undefined>;
  isEnabled(flag: string): boolean | undefined;
  variant(flag: string): string | undefined;
  getString(flag: string, defaultValue: string): string | undefined;
  revision(): number | undefined;
  stale(): boolean | undefined;
  /** The `change` events received, and the codes of the `error` events. */
  events(): { changes: ChangeEvent[]; errors: string[] };
  /** A second client (no storage): each user's bucket and split bucket for `flag`. */
  buckets(flag: string, users: string[]): Promise<(number | undefined)[][]>;
  /**
   * `@flagstaff/browser/metrics` as a page uses it: a client per user reads `flag`, the last user
   * tracks `purchase`, and the report goes to the real server by fetch. Answers its status and body.
   */
  reportSignals(flag: string, users: string[]): Promise<{ status: number; body: string }>;
  /**
   * Fetches the golden file (`/vectors.json`) and runs each case through `createClient({ bootstrap })`,
   * `identify` and the readers. Answers `VectorAnswer[]` as JSON text: the vectors hold objects with an
   * own `__proto__` key, which only JSON carries across intact.
   */
  runVectors(): Promise<string>;
}
