import { CommanderError } from 'commander';
import { CliError } from './cli-error.ts';
import type { Environment } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { processIo } from './output.ts';
import { createProgram, type RunState } from './program.ts';

/** Runs the CLI on `argv` (as `process.argv`: node, script, arguments…) and returns its exit code. */
export async function main(
  argv: string[],
  environment: Environment = { io: processIo, env: process.env, cwd: process.cwd() },
): Promise<number> {
  const state: RunState = { exitCode: EXIT.ok };
  const json = argv.includes('--json');
  try {
    await createProgram(environment, state).parseAsync(argv);
    return state.exitCode;
  } catch (error) {
    // Commander has already printed its message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      report(environment, json, { code: error.code, message: error.message, details: error.details });
      return error.exitCode;
    }
    report(environment, json, { code: 'INTERNAL', message: (error as Error).stack ?? String(error) });
    return EXIT.server;
  }
}

function report(
  environment: Environment,
  json: boolean,
  error: { code: string; message: string; details?: unknown },
) {
  if (json) environment.io.stdout(`${JSON.stringify({ error }, null, 2)}\n`);
  else environment.io.stderr(`flagstaff: ${error.message}\n`);
}
