/**
 * Correctness checks run before timing: an implementation that does not evaluate the scenario as
 * intended (a misconfigured peer) stops the benchmark. These check shares of users, never times.
 */
import type { FlagImplementation, HashImplementation } from './implementation.ts';
import type { Scenario } from './scenarios.ts';
import type { User } from './users.ts';

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

/** Evaluates the scenario's flag for every user; returns the "share on" text for the table. */
export async function checkFlag(
  impl: FlagImplementation,
  scenario: Scenario,
  users: readonly User[],
): Promise<string> {
  let on = 0;
  let matching = 0;
  let onMatching = 0;
  for (let i = 0; i < users.length; i++) {
    const enabled = await impl.evaluate(scenario.flag.key, i);
    const matches = users[i]!.matchesTargeting;
    if (enabled) on++;
    if (matches) matching++;
    if (enabled && matches) onMatching++;
  }
  const fail = (why: string): never => {
    throw new Error(`${impl.name} evaluates ${scenario.title} wrongly: ${why}`);
  };
  const expected = scenario.flag.percentage / 100;
  switch (scenario.flag.kind) {
    case 'on-off':
      if (on !== users.length) fail(`${on} of ${users.length} users on, expected all`);
      return `${pct(on, users.length)} on`;
    case 'rollout':
      // 10% of 10,000: standard deviation 0.3 points; 1.5 points is 5 of them.
      if (Math.abs(on / users.length - expected) > 0.015) fail(`${pct(on, users.length)} on, expected ~10%`);
      return `${pct(on, users.length)} on`;
    case 'targeted-rollout':
      if (on !== onMatching) fail(`${on - onMatching} users on that do not match the conditions`);
      if (Math.abs(onMatching / matching - expected) > 0.02)
        fail(`${pct(onMatching, matching)} of matching on`);
      return `${pct(on, users.length)} on = ${pct(onMatching, matching)} of ${pct(matching, users.length)} matching`;
  }
}

/** Every hash must equal the reference's (all keys are ASCII, so even murmurhash3js agrees). */
export function checkHashes(h: HashImplementation, reference: HashImplementation, count: number): string {
  let same = 0;
  for (let i = 0; i < count; i++) if (h.hash(i) >>> 0 === reference.hash(i) >>> 0) same++;
  if (same !== count) {
    throw new Error(`${h.name} disagrees with ${reference.name} on ${count - same} of ${count} keys`);
  }
  return h === reference ? `reference (${count} keys)` : `= ${reference.name}`;
}
