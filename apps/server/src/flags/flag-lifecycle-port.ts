import type { FlagView } from './flag-document.ts';

/**
 * A flag's lifecycle in one environment, derived from facts (the playbook: create → develop → test →
 * canary → full → cleanup), never typed in; `archived` is where cleanup ends. The lifecycle slice
 * derives it; flag reads show it through this port.
 */
export const LIFECYCLE_STAGES = [
  'created',
  'code_deployed',
  'test',
  'canary',
  'full',
  'cleanup_due',
  'archived',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface StageView {
  stage: LifecycleStage;
  /** Since when the facts say so (null when no fact dates it). */
  since: string | null;
}

/** What flag reads ask of the lifecycle slice. */
export interface FlagLifecycle {
  /** Each flag's stage per environment, keyed by flag. */
  stages(views: FlagView[]): Promise<Map<string, Record<string, StageView>>>;
  environmentExists(key: string): Promise<boolean>;
}
