/** Reconnect delays: exponential with full jitter, reset after a connection that stayed healthy. */
export interface Backoff {
  /** The delay before the next attempt, in ms; each call doubles the ceiling up to `max`. */
  next(): number;
  /** Called when a connection ends: one that lasted `healthyAfter` ms or more resets the ceiling. */
  ended(connectedForMs: number): void;
  /** Sets the starting ceiling, e.g. from an SSE `retry:` field. */
  setBase(ms: number): void;
}

export interface BackoffOptions {
  /** @default 1000 */
  base?: number;
  /** @default 30000 */
  max?: number;
  /** @default 60000 */
  healthyAfter?: number;
  /** A number in [0, 1): injected so tests are deterministic. @default Math.random */
  random?: () => number;
}

/**
 * Full jitter (a uniform draw between 0 and the ceiling) spreads the reconnects of thousands of
 * SDKs after a server restart instead of having them arrive in waves.
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const max = options.max ?? 30_000;
  const healthyAfter = options.healthyAfter ?? 60_000;
  const random = options.random ?? Math.random;
  let base = options.base ?? 1000;
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(max, base * 2 ** attempt);
      if (ceiling < max) attempt++;
      return Math.floor(random() * ceiling);
    },
    ended(connectedForMs) {
      if (connectedForMs >= healthyAfter) attempt = 0;
    },
    setBase(ms) {
      base = Math.min(max, Math.max(1, ms));
    },
  };
}
