import type { Evaluation, EvaluationContext, JsonValue } from '@flagstaff/evaluator';
import type { CoreEvents, DataSource, ReadySource } from '@flagstaff/sdk-core';

/** A newer snapshot is being served. */
export interface ChangeEvent {
  revision: number;
  /** Undefined for the first snapshot. */
  previousRevision: number | undefined;
  source: DataSource;
  /** Keys of the flags added, removed or edited (including through a segment they use). */
  flags: string[];
}

export interface ClientEvents extends CoreEvents {
  change: (event: ChangeEvent) => void;
}

/**
 * Evaluates flags locally and synchronously from the snapshot held. No method throws, and no
 * evaluation waits on the network: before any snapshot arrives, every flag serves its default.
 */
export interface FlagstaffClient {
  /**
   * Waits for the first snapshot from the network, at most `timeout` ms. Never rejects: resolves
   * with where the data served comes from, `timeout` when there is none yet. With a bootstrap or
   * persisted snapshot held, a first attempt that fails resolves at once with that source.
   * @default { timeout: 5000 }
   */
  ready(options?: { timeout?: number }): Promise<ReadySource>;
  /** Whether a boolean flag is on; `defaultValue` when it cannot be evaluated. @default false */
  isEnabled(flag: string, context: EvaluationContext, defaultValue?: boolean): boolean;
  /** The variant key served, undefined when the flag cannot be evaluated. */
  variant(flag: string, context: EvaluationContext): string | undefined;
  getString(flag: string, context: EvaluationContext, defaultValue: string): string;
  getNumber(flag: string, context: EvaluationContext, defaultValue: number): number;
  /** Any value type; a JSON flag's objects are shared between calls: do not mutate them. */
  getJson<T extends JsonValue>(flag: string, context: EvaluationContext, defaultValue: T): T;
  /**
   * Why the context gets what it gets: value, variant, reason, rule, buckets, error code. With a
   * default, the flag is read as that default's type (a `TYPE_MISMATCH` shows up here). Counted in
   * metrics like any evaluation (the OpenFeature provider serves its values).
   * @default defaultValue null (any type)
   */
  explain(flag: string, context: EvaluationContext, defaultValue?: JsonValue): Evaluation;
  /**
   * Runs `fn` with the flag's value for the context (any type; `defaultValue` when the flag cannot
   * be evaluated) and the variant key, and reports the run against that variant and the unit's
   * cohort: one exposure, one call, its latency, and, if it throws or rejects, the error's type
   * (its string `code`, else its `name`). Whatever `fn` returns or throws comes back unchanged; a
   * promise is timed until it settles.
   * @default defaultValue false
   * @example await flags.measure('new_checkout_flow', { userId }, (on) => (on ? newCheckout(cart) : checkout(cart)))
   */
  measure<R, T extends JsonValue = boolean>(
    flag: string,
    context: EvaluationContext,
    fn: (value: T, variant: string | undefined) => R,
    defaultValue?: T,
  ): R;
  /**
   * Counts a named conversion event (`purchase`, `signup`) for the context, attributed to the
   * variant and cohort the context gets of each flag in `options.flags`; without `flags`, of each
   * enabled flag whose default rollout has a percentage gate (the flags a rollout can guard).
   * Evaluating for attribution is not an exposure. Names beyond letters, digits and `_.:-` (1 to
   * 64) are cleaned; past 20 names per flag and variant, events count as `other`.
   */
  track(event: string, context: EvaluationContext, options?: { flags?: readonly string[] }): void;
  /** Listens to `change`, `error`, `stale` or `ready`; returns the function that stops listening. */
  on<K extends keyof ClientEvents>(event: K, listener: ClientEvents[K]): () => void;
  off<K extends keyof ClientEvents>(event: K, listener: ClientEvents[K]): void;
  /** The revision served, undefined before any snapshot. */
  readonly revision: number | undefined;
  /** True while the server is unreachable (the last snapshot is still served). */
  readonly stale: boolean;
  /** Stops streaming and polling and sends the last metrics. Never rejects. */
  close(): Promise<void>;
}
