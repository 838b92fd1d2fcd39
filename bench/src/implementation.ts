/** What every implementation (Flagstaff and each peer) gives the benchmark. */

/** A timed loop: evaluates over every prepared context `reps` times; returns how many were true. */
export type Loop = (reps: number) => number | Promise<number>;

export interface FlagImplementation {
  name: string;
  /** False for Flagstaff, true for the SDKs it is compared with. */
  isPeer: boolean;
  /** One evaluation for user `index`: used for the sanity check, before timing. */
  evaluate(flagKey: string, index: number): boolean | Promise<boolean>;
  /** The loop that is timed, over the contexts this implementation built beforehand. */
  loop(flagKey: string): Loop;
  close(): void | Promise<void>;
}

export interface HashImplementation {
  name: string;
  isPeer: boolean;
  /** The hash of key `index` (sanity check). */
  hash(index: number): number;
  /** Hashes every key `reps` times; returns a value that depends on every hash (the sink). */
  loop(): Loop;
}
