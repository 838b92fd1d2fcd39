import type { QuantileSource } from '../../src/rollouts/statistics.ts';

/** A seeded PRNG (mulberry32), so a run can be repeated exactly. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Binomial(n, p): exact below 60 trials, else the normal approximation (rounded, clamped). */
export function binomial(rand: () => number, n: number, p: number): number {
  if (n < 60) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rand() < p) k++;
    return k;
  }
  const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(rand));
  return Math.min(n, Math.max(0, k));
}

/** The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9 after refinement). */
export function probit(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (
      (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
      ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
    );
  }
  if (q > 1 - 0.02425) return -probit(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return (
    ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) /
    (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1)
  );
}

/** Log-normal latency (ms): median and the spread of log(latency). */
export interface Latency {
  medianMs: number;
  sigma: number;
}

/**
 * The empirical quantiles of n log-normal latencies without drawing n values: the empirical quantile
 * function is the true one read at q + W/n, where W is a random walk with one N(0, q(1-q)) step per
 * sample (the Brownian-bridge limit of the uniform empirical process). Looks at a growing sample are
 * correlated as real looks are. The sketch's relative error is added as a bounded perturbation.
 */
export function simulatedQuantiles(rand: () => number, latency: () => Latency, relativeAccuracy = 0.01) {
  let n = 0;
  let walk = 0;
  let sketchError = 0;
  const source: QuantileSource & { add(k: number): void } = {
    relativeAccuracy,
    get count() {
      return n;
    },
    add(k: number) {
      if (k <= 0) return;
      n += k;
      walk += Math.sqrt(k) * normal(rand);
      sketchError = (2 * rand() - 1) * relativeAccuracy;
    },
    quantile(q: number) {
      if (n === 0) return undefined;
      const { medianMs, sigma } = latency();
      const shifted = Math.min(1 - 1e-9, Math.max(1e-9, q + (walk / n) * Math.sqrt(q * (1 - q))));
      return medianMs * Math.exp(sigma * probit(shifted)) * (1 + sketchError);
    },
  };
  return source;
}
