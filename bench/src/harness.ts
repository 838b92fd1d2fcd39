/**
 * The timing harness. Figures are measured and reported, never asserted.
 *
 * Each case is calibrated so one timed run (all 10,000 contexts, `reps` times) lasts at least
 * TARGET_MS; then WARMUP_ROUNDS untimed rounds and ROUNDS timed rounds run, every round running
 * every case once, in an order rotated (and reversed every other round) so that machine noise
 * and GC hit all cases alike. A case's figure is the median ns per evaluation over the rounds.
 */
import type { Loop } from './implementation.ts';

export interface Case {
  scenario: string;
  name: string;
  isPeer: boolean;
  /** Evaluations performed by one call of `run(1)`. */
  evalsPerRep: number;
  run: Loop;
}

export interface CaseResult {
  scenario: string;
  name: string;
  isPeer: boolean;
  reps: number;
  /** ns per evaluation, one entry per timed round. */
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export interface HarnessOptions {
  targetMs: number;
  warmupRounds: number;
  rounds: number;
}

export const DEFAULT_OPTIONS: HarnessOptions = { targetMs: 50, warmupRounds: 3, rounds: 9 };

/** Every result is folded in here and printed at the end, so no loop can be optimised away. */
let sink = 0;
export const sinkValue = () => sink;

async function timeOnce(c: Case, reps: number): Promise<bigint> {
  const start = process.hrtime.bigint();
  const out = await c.run(reps);
  const elapsed = process.hrtime.bigint() - start;
  sink = (sink + out) | 0;
  return elapsed;
}

/** The smallest `reps` for which one run lasts at least `targetMs` (doubling, then scaling). */
async function calibrate(c: Case, targetMs: number): Promise<number> {
  const target = BigInt(Math.round(targetMs * 1e6));
  let reps = 1;
  for (;;) {
    const elapsed = await timeOnce(c, reps);
    if (elapsed >= target) return reps;
    if (elapsed * 4n < target) reps *= 2;
    else return Math.ceil((reps * Number(target) * 1.1) / Math.max(1, Number(elapsed)));
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function roundOrder<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  const rotated = [...items.slice(k), ...items.slice(0, k)];
  return round % 2 ? rotated.reverse() : rotated;
}

export async function runCases(
  cases: readonly Case[],
  options: HarnessOptions = DEFAULT_OPTIONS,
  progress: (msg: string) => void = () => {},
): Promise<CaseResult[]> {
  const reps = new Map<Case, number>();
  for (const c of cases) {
    reps.set(c, await calibrate(c, options.targetMs));
  }
  // Calibration ran cold: calibrate again once warm, so each run lasts about targetMs.
  for (let w = 0; w < options.warmupRounds; w++) {
    progress(`warm-up round ${w + 1}/${options.warmupRounds}`);
    for (const c of roundOrder(cases, w)) await timeOnce(c, reps.get(c)!);
  }
  for (const c of cases) reps.set(c, Math.max(reps.get(c)!, await calibrate(c, options.targetMs)));

  const samples = new Map<Case, number[]>(cases.map((c) => [c, []]));
  for (let r = 0; r < options.rounds; r++) {
    progress(`timed round ${r + 1}/${options.rounds}`);
    for (const c of roundOrder(cases, r)) {
      const n = reps.get(c)!;
      const ns = Number(await timeOnce(c, n)) / (n * c.evalsPerRep);
      samples.get(c)!.push(ns);
    }
  }
  return cases.map((c) => {
    const s = samples.get(c)!;
    return {
      scenario: c.scenario,
      name: c.name,
      isPeer: c.isPeer,
      reps: reps.get(c)!,
      samples: s,
      median: median(s),
      min: Math.min(...s),
      max: Math.max(...s),
    };
  });
}
