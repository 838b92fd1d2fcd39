import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The path's time: long beside the delays of a starved process on a loaded machine (up to a few
 * hundred ms at its p99), which add to both cohorts alike and shrink the slow tail's ratio.
 */
export const BASE_MS = 400;
/**
 * How much longer the new path's slowest 2% take once it regresses: 4x, so that the few hundred ms a
 * starved process adds to both cohorts' p99 still leave the ratio past the 2x trigger (at 2.5x, a CI run
 * at load ~8 measured under 2x and the plan completed).
 */
export const SLOW_FACTOR = 4;

export interface LatencyApplication {
  child: ChildProcess;
  /** Resolves once the application's SDK client is ready and it serves requests. */
  ready: Promise<void>;
  /** Stops the requests, flushes the SDK's last report and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts latency-application.ts in its own Node process (see there why). */
export function startLatencyApplication(options: {
  url: string;
  sdkKey: string;
  flag: string;
}): LatencyApplication {
  const child = fork(
    fileURLToPath(new URL('./latency-application.ts', import.meta.url)),
    [JSON.stringify({ ...options, baseMs: BASE_MS, slowFactor: SLOW_FACTOR })],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`unexpected ${String(m)}`))));
    child.once('exit', (code) => reject(new Error(`the application exited (${code}) before it was ready`)));
  });
  return {
    child,
    ready,
    async stop() {
      if (child.exitCode === null && child.connected) child.send('stop');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
