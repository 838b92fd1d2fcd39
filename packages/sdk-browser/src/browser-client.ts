import type { Evaluation, EvaluationContext, JsonValue } from '@flagstaff/evaluator';
import type { CoreEvents, DataSource, ReadySource } from '@flagstaff/sdk-core';

/** Flags whose value or variant changed for the current user (a new snapshot, or `identify`). */
export interface ChangeEvent {
  flags: string[];
  /** The revision served. */
  revision: number | undefined;
  source: DataSource | 'identify';
}

export interface ClientEvents extends CoreEvents {
  change: (event: ChangeEvent) => void;
}

/**
 * One user's flags, read synchronously. No method throws; before any snapshot, every flag serves
 * the caller's default.
 */
export interface FlagstaffBrowserClient {
  /**
   * Waits for the first snapshot from the network, at most `timeout` ms. Never rejects. With a
   * bootstrap or persisted snapshot held, a first attempt that fails (server down, offline)
   * resolves at once with that source; the SDK keeps retrying and emits `change` when it catches up.
   * @default { timeout: 5000 }
   */
  ready(options?: { timeout?: number }): Promise<ReadySource>;
  /** @default defaultValue false */
  isEnabled(flag: string, defaultValue?: boolean): boolean;
  variant(flag: string): string | undefined;
  getString(flag: string, defaultValue: string): string;
  getNumber(flag: string, defaultValue: number): number;
  getJson<T extends JsonValue>(flag: string, defaultValue: T): T;
  /** Value, variant, reason, rule and buckets; with a default, the flag is read as its type. */
  explain(flag: string, defaultValue?: JsonValue): Evaluation;
  /** Switches user: reads answer for `context` at once; `change` lists the flags that differ. */
  identify(context: EvaluationContext): void;
  readonly context: EvaluationContext;
  on<K extends keyof ClientEvents>(event: K, listener: ClientEvents[K]): () => void;
  off<K extends keyof ClientEvents>(event: K, listener: ClientEvents[K]): void;
  readonly revision: number | undefined;
  readonly stale: boolean;
  /** Stops streaming and polling. */
  close(): void;
}
