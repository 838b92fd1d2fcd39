import type { Stage } from './rollout-model.ts';

/** The playbook's stakeholder updates, word for word where it gives them. */
export const messages = {
  started: (flag: string, env: string, stages: Stage[], at: Date) =>
    `Starting rollout of ${flag} in ${env} at ${at.toISOString()} (${stages.map((s) => `${s.percentage}%`).join(' → ')})`,
  advanced: (flag: string, percentage: number) => `${flag} is at ${percentage}% with no issues`,
  advancedByHand: (flag: string, percentage: number, actor: string) =>
    `${flag} is at ${percentage}% (advanced by ${actor})`,
  paused: (flag: string, percentage: number, actor: string) =>
    `Rollout of ${flag} paused at ${percentage}% by ${actor}`,
  resumed: (flag: string, percentage: number, actor: string) =>
    `Rollout of ${flag} resumed at ${percentage}% by ${actor}`,
  rolledBack: (reason: string) => `Rollback triggered due to ${reason}`,
  completed: (flag: string) => `${flag} is fully rolled out`,
  alert: (flag: string, percentage: number, what: string) =>
    `Rollout alert for ${flag} at ${percentage}%: ${what}`,
  stuck: (flag: string, what: string) => `Rollout of ${flag} is ${what}`,
};
