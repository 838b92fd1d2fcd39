import type { Job } from '../jobs/job-runner.ts';
import { type LifecycleService, slotOf } from './lifecycle-service.ts';

/** How often a replica asks whether the current slot has run (cheap: one insert that usually conflicts). */
const CHECK_MS = 60_000;

/**
 * The scheduled cleanup: once per `everyMs` across replicas. Every replica asks (`claims`); the run's
 * slot is unique, so the first to commit runs it and the others find it taken.
 */
export function cleanupJob(lifecycle: LifecycleService, everyMs: number): Job {
  return {
    name: 'cleanup',
    everyMs: Math.min(CHECK_MS, everyMs),
    exclusive: 'claims',
    run: async (now) => {
      await lifecycle.run({ slot: slotOf(now, everyMs) }, now);
    },
  };
}
