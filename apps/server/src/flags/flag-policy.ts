import type { Serve } from '@flagstaff/evaluator';
import type { Issue } from '../errors.ts';
import type { FlagDocument } from './flag-document.ts';

export interface FlagPolicy {
  /** Maximum days from creation to expiry, for the types that must expire. */
  maxLifetimeDays: { release: number; experiment: number };
}

const DAY_MS = 86_400_000;

function isRandomPercentage(serve: Serve): boolean {
  return serve.split !== undefined || (serve.percentage !== undefined && serve.percentage < 100);
}

/**
 * The playbook's type policy, enforced whatever the client sends: release and experiment flags carry
 * an owner and an expiry within the type's maximum lifetime; ops and permission flags may be
 * permanent; permission flags target people and segments, never random percentages.
 * `expiryChanged` false lets an already-expired flag still be edited (to kill or clean it up).
 */
export function checkFlagPolicy(
  flag: FlagDocument,
  policy: FlagPolicy,
  now: Date,
  expiryChanged: boolean,
): Issue[] {
  const issues: Issue[] = [];
  if (flag.type === 'release' || flag.type === 'experiment') {
    if (flag.owner === null) issues.push({ path: ['owner'], message: `is required for ${flag.type} flags` });
    if (flag.expiresAt === null) {
      issues.push({ path: ['expiresAt'], message: `is required for ${flag.type} flags` });
    } else {
      const max = policy.maxLifetimeDays[flag.type];
      const lifetime = Date.parse(flag.expiresAt) - Date.parse(flag.createdAt);
      if (lifetime > max * DAY_MS) {
        issues.push({
          path: ['expiresAt'],
          message: `must be at most ${max} days after creation for ${flag.type} flags`,
        });
      }
    }
  }
  if (expiryChanged && flag.expiresAt !== null && Date.parse(flag.expiresAt) <= now.getTime()) {
    issues.push({ path: ['expiresAt'], message: 'must be in the future' });
  }
  if (flag.type === 'permission') {
    for (const [env, state] of Object.entries(flag.environments)) {
      state.rules.forEach((rule, index) => {
        if (isRandomPercentage(rule.serve)) {
          issues.push({
            path: ['environments', env, 'rules', index, 'serve'],
            message: 'permission flags target people and segments: no percentage or split',
          });
        }
      });
      if (isRandomPercentage(state.fallthrough)) {
        issues.push({
          path: ['environments', env, 'fallthrough'],
          message: 'permission flags target people and segments: no percentage or split',
        });
      }
    }
  }
  return issues;
}
