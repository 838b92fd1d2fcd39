/**
 * Decision quality of the rollout engine (ADR 0010): many simulated plans per scenario through the real
 * `decide()`, at 1,000 measured calls/s (5 for the thin-traffic row), the conservative ladder with
 * 30-minute stages, a decision every 10 s. Prints how often plans complete, roll back or hold, and how
 * fast regressions are caught. Usage: pnpm --filter @flagstaff/server bench:decisions [PLANS=1000]
 */
import { SCENARIOS } from './scenarios.ts';
import { type PlanOutcome, simulatePlan } from './simulate-plan.ts';

const PLANS = Number(process.env.PLANS ?? 1000);
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

function summarise(name: string, outcomes: PlanOutcome[], ms: number) {
  const count = (r: PlanOutcome['result']) => outcomes.filter((o) => o.result === r).length;
  const rolled = outcomes.filter((o) => o.result === 'rolled_back');
  const firstLook = rolled.filter((o) => (o.decisionsAfterMinimum ?? Number.POSITIVE_INFINITY) <= 1).length;
  const delays = rolled.map((o) => o.decisionsAfterMinimum ?? 0).sort((a, b) => a - b);
  const holding = outcomes.filter((o) => o.result === 'holding');
  const reasons = new Map<string, number>();
  for (const o of holding) {
    const reason = (o.last?.criteria ?? [])
      .filter((c) => c.status === 'fail' || c.status === 'no_data')
      .map((c) => c.name)
      .join(' + ');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    scenario: name,
    plans: outcomes.length,
    completed: pct(count('completed'), outcomes.length),
    'rolled back': pct(rolled.length, outcomes.length),
    'at stage': rolled.length
      ? `${Math.min(...rolled.map((o) => o.stage)) + 1}-${Math.max(...rolled.map((o) => o.stage)) + 1}`
      : '',
    'caught at 1st look after min sample': rolled.length ? pct(firstLook, rolled.length) : '',
    'looks to catch (median/max)': delays.length
      ? `${delays[Math.floor(delays.length / 2)]}/${delays.at(-1)}`
      : '',
    holding: pct(holding.length, outcomes.length),
    'holding because': [...reasons].map(([r, n]) => `${r} (${n})`).join('; '),
    'ms/plan': (ms / outcomes.length).toFixed(1),
  };
}

const rows = [];
for (const scenario of SCENARIOS) {
  const started = performance.now();
  const outcomes = Array.from({ length: PLANS }, (_, i) => simulatePlan(scenario, 1 + i * 7919));
  rows.push(summarise(scenario.name, outcomes, performance.now() - started));
  console.error(`done: ${scenario.name}`);
}
console.table(rows);
