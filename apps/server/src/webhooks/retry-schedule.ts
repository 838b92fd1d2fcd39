/** Attempts before a delivery is given up as `failed`. */
export const MAX_ATTEMPTS = 10;

const FIRST_DELAY_MS = 10_000;
const LONGEST_DELAY_MS = 6 * 3_600_000;

/**
 * The wait after failed attempt `attempt` (1-based): 10 s, 40 s, 2.7 min, 11 min, 43 min, 2.8 h, then 6 h,
 * each ±20% so that receivers coming back from an outage are not hit by every retry at once. Ten attempts
 * span about 22 hours.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_DELAY_MS * 4 ** (attempt - 1), LONGEST_DELAY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}
