/**
 * The statistics behind rollout decisions (ADR 0010). Every interval here is a *confidence sequence*:
 * valid at every look, however often the engine looks and whenever it stops (Waudby-Smith et al., the
 * asymptotic confidence sequence GrowthBook ships; arXiv 2103.06476), instead of a fixed-horizon
 * interval that a check every few seconds would turn into a false-alarm machine.
 */

/** The tuning sample: the sequence is tightest around here (a stage's typical sample per cohort). */
const TUNING_SAMPLE = 5_000;

/**
 * The multiplier that replaces the fixed-horizon z: half-width = multiplier(n, alpha) * standard error,
 * for a one-sided bound that holds with probability 1 - alpha at every look (the two-sided sequence at
 * 2 alpha: each of its sides fails with alpha).
 */
export function sequenceMultiplier(n: number, oneSidedAlpha: number): number {
  const alpha = Math.min(0.5, 2 * oneSidedAlpha);
  const logTerm = -2 * Math.log(alpha);
  const rho2 = (logTerm + Math.log(logTerm + 1)) / TUNING_SAMPLE;
  const t = Math.max(1, n);
  return Math.sqrt(((t * rho2 + 1) / (t * rho2)) * 2 * Math.log(Math.sqrt(t * rho2 + 1) / alpha));
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface Rate {
  events: number;
  trials: number;
}

const rateOf = (r: Rate) => (r.trials > 0 ? r.events / r.trials : 0);

/**
 * treatment rate - control rate, with its confidence sequence. The variance uses the pooled rate when
 * a cohort saw no events (a zero-variance arm must not make the interval collapse).
 */
export function rateDifference(treatment: Rate, control: Rate, alpha: number): Interval {
  const pt = rateOf(treatment);
  const pc = rateOf(control);
  const pooled = (treatment.events + control.events + 1) / (treatment.trials + control.trials + 2);
  const vt = Math.max(pt * (1 - pt), (pooled * (1 - pooled)) / 4);
  const vc = Math.max(pc * (1 - pc), (pooled * (1 - pooled)) / 4);
  const se = Math.sqrt(vt / Math.max(1, treatment.trials) + vc / Math.max(1, control.trials));
  const half = sequenceMultiplier(Math.min(treatment.trials, control.trials), alpha) * se;
  return { estimate: pt - pc, lower: pt - pc - half, upper: pt - pc + half };
}

/** One rate with its confidence sequence (Wilson-like variance floor). */
export function rateInterval(rate: Rate, alpha: number): Interval {
  const p = rateOf(rate);
  const floor = 1 / (rate.trials + 2);
  const se = Math.sqrt(Math.max(p * (1 - p), floor * (1 - floor)) / Math.max(1, rate.trials));
  const half = sequenceMultiplier(rate.trials, alpha) * se;
  return { estimate: p, lower: Math.max(0, p - half), upper: Math.min(1, p + half) };
}

/** What a quantile comparison needs from a latency sketch (DDSketch: mergeable, relative error). */
export interface QuantileSource {
  count: number;
  /** The value at quantile q (0..1); undefined when empty. */
  quantile(q: number): number | undefined;
  /** The sketch's relative accuracy (0.01: every quantile within 1% of the true one). */
  relativeAccuracy: number;
}

/**
 * Bounds of a quantile from order statistics: the ranks n*q -/+ m*sqrt(n*q*(1-q)), read from the
 * sketch and widened by its relative accuracy (Deng, Knoblich, Lu's "outer" interval).
 */
export function quantileInterval(source: QuantileSource, q: number, alpha: number): Interval | undefined {
  const n = source.count;
  const estimate = source.quantile(q);
  if (n === 0 || estimate === undefined) return undefined;
  const spread = sequenceMultiplier(n, alpha) * Math.sqrt((q * (1 - q)) / n);
  const low = source.quantile(Math.max(0, q - spread)) ?? estimate;
  const high = source.quantile(Math.min(1, q + spread)) ?? estimate;
  const a = source.relativeAccuracy;
  return { estimate, lower: low * (1 - a), upper: high * (1 + a) };
}

/**
 * The standard error of log(quantile q) from the order statistics one standard deviation of rank
 * either side (q -/+ sqrt(q(1-q)/n)), read from the sketch; undefined when empty.
 */
function logQuantileError(source: QuantileSource, q: number): number | undefined {
  const n = source.count;
  const delta = Math.sqrt((q * (1 - q)) / Math.max(1, n));
  const low = source.quantile(Math.max(0, q - delta));
  const high = source.quantile(Math.min(1, q + delta));
  if (low === undefined || high === undefined || low <= 0) return undefined;
  return (Math.log(high) - Math.log(low)) / 2;
}

/**
 * treatment quantile / control quantile, with its confidence sequence on the log scale: the two
 * arms' order-statistic errors combine as independent errors, and the sketches' relative accuracy
 * widens the interval by its worst case.
 */
export function quantileRatio(
  treatment: QuantileSource,
  control: QuantileSource,
  q: number,
  alpha: number,
): Interval | undefined {
  const t = treatment.quantile(q);
  const c = control.quantile(q);
  const et = logQuantileError(treatment, q);
  const ec = logQuantileError(control, q);
  if (t === undefined || c === undefined || et === undefined || ec === undefined || t <= 0 || c <= 0) {
    return undefined;
  }
  const n = Math.min(treatment.count, control.count);
  const sketch = Math.log((1 + treatment.relativeAccuracy) / (1 - control.relativeAccuracy));
  const half = sequenceMultiplier(n, alpha) * Math.hypot(et, ec) + sketch;
  const log = Math.log(t / c);
  return { estimate: t / c, lower: Math.exp(log - half), upper: Math.exp(log + half) };
}

/**
 * Sample-ratio mismatch: the chi-square p-value of the observed cohort sizes against the expected
 * split (1:1 for the mirrored control). A treatment that crashes before it reports loses its own
 * events: the split drifts and the plan must hold, whatever its error rate looks like.
 */
export function sampleRatioPValue(treatment: number, control: number, treatmentShare: number): number {
  const total = treatment + control;
  if (total === 0) return 1;
  const et = total * treatmentShare;
  const ec = total - et;
  const chi2 = (treatment - et) ** 2 / et + (control - ec) ** 2 / ec;
  // One degree of freedom: P(X > chi2) = erfc(sqrt(chi2 / 2)).
  return erfc(Math.sqrt(chi2 / 2));
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851646 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Whether `k` events of one kind, all in treatment, are too many to be chance given the cohorts'
 * sizes: P(all k land in treatment | the same rate in both) < alpha. A new error type needs that
 * much evidence before it holds a plan.
 */
export function allInTreatmentIsSignificant(k: number, treatmentShare: number, alpha: number): boolean {
  return k > 0 && treatmentShare ** k < alpha;
}
