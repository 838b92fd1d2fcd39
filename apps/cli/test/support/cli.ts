import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain JavaScript module next to the binary, without declarations.
import { bundleIsFresh } from '../../bin/bundle.js';
import { buildBundle } from '../../scripts/build-bundle.ts';

const BIN = fileURLToPath(new URL('../../bin/flagstaff.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = unknown>(): T;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the process's stdin, then closed. */
  stdin?: string;
}

let bundled: Promise<void> | undefined;

/**
 * Runs `flagstaff <args>` as a real process, as a user's shell would. The binary runs the bundle of
 * the current sources (built here once if missing or stale: a launch then starts in about 0.2 s
 * instead of about 1 s through tsx); `FLAGSTAFF_CLI_FROM_SOURCE: '1'` in `env` runs the sources.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  bundled ??= (bundleIsFresh() as boolean) ? Promise.resolve() : buildBundle();
  await bundled;
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      FLAGSTAFF_URL: undefined,
      FLAGSTAFF_TOKEN: undefined,
      FLAGSTAFF_CONFIG: undefined,
    };
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...env, XDG_CONFIG_HOME: '/nonexistent', ...options.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
    child.stdin.end(options.stdin ?? '');
  });
}
