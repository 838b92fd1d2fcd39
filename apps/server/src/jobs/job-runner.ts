import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { releaseLease, tryLease } from './job-lease-repository.ts';

/** A background loop. Its work is a function of `now`, so tests move a fake clock instead of waiting. */
export interface Job {
  name: string;
  /** Pause between the end of one tick and the start of the next. */
  everyMs: number;
  /**
   * `lease`: one replica at a time runs the job (a lease in `job_leases`, taken over when its holder
   * stops renewing it). `claims`: every replica runs it, and the job claims its rows itself
   * (`FOR UPDATE SKIP LOCKED`). Either way the job's writes check versions: a lease that lapsed
   * mid-tick cannot make a second replica repeat a transition (ADR 0009).
   */
  exclusive: 'lease' | 'claims';
  run(now: Date, signal: AbortSignal): Promise<void>;
}

export interface JobRunnerDeps {
  db: Db;
  clock: () => Date;
  log: { warn(object: object, message: string): void; info?(object: object, message: string): void };
  /** This replica's name in leases. @default random */
  holder?: string;
}

/** How long a lease outlives the tick that took it: a replica that dies is replaced after this. */
const leaseMs = (job: Job) => Math.max(10_000, job.everyMs * 5);

/** Runs the registered jobs on timers; `stop()` waits for ticks in flight and gives up the leases. */
export function createJobRunner(deps: JobRunnerDeps) {
  const holder = deps.holder ?? `replica_${randomBytes(6).toString('hex')}`;
  const jobs = new Map<string, Job>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<unknown>>();
  const abort = new AbortController();
  let started = false;

  /** One tick of one job at `now`: false when another replica holds its lease. */
  async function tick(job: Job, now: Date): Promise<boolean> {
    if (job.exclusive === 'lease' && !(await tryLease(deps.db, job.name, holder, now, leaseMs(job)))) {
      return false;
    }
    await job.run(now, abort.signal);
    return true;
  }

  function schedule(job: Job, delay: number) {
    if (abort.signal.aborted) return;
    const timer = setTimeout(() => {
      const run = tick(job, deps.clock())
        .catch((error) => deps.log.warn({ err: error, job: job.name }, 'background job tick failed'))
        .finally(() => {
          running.delete(run);
          schedule(job, job.everyMs);
        });
      running.add(run);
    }, delay);
    timer.unref?.();
    timers.set(job.name, timer);
  }

  return {
    holder,
    register(job: Job): void {
      if (jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
      jobs.set(job.name, job);
      if (started) schedule(job, 0);
    },
    start(): void {
      if (started) return;
      started = true;
      for (const job of jobs.values()) schedule(job, 0);
    },
    /** Runs one tick of `name` now (on demand, and in tests with a fake clock). */
    runOnce(name: string, now: Date = deps.clock()): Promise<boolean> {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job ${name}`);
      return tick(job, now);
    },
    async stop(): Promise<void> {
      abort.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
      await Promise.allSettled(
        [...jobs.values()]
          .filter((job) => job.exclusive === 'lease')
          .map((job) => releaseLease(deps.db, job.name, holder)),
      );
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
