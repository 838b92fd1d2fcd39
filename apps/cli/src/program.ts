import { Command } from 'commander';
import { registerApply } from './commands/apply.ts';
import { registerCheck } from './commands/check.ts';
import { registerCleanup } from './commands/cleanup.ts';
import { registerCodegen } from './commands/codegen.ts';
import { registerExplain } from './commands/explain.ts';
import { registerExport } from './commands/export.ts';
import { registerFlags } from './commands/flags.ts';
import { registerKeys } from './commands/keys.ts';
import { registerRefs } from './commands/refs.ts';
import { registerRollouts } from './commands/rollouts.ts';
import { registerSegments } from './commands/segments.ts';
import { type CommandContext, contextOf, type Environment } from './context.ts';
import type { ExitCode } from './exit-codes.ts';

/** What the program remembers across a run: the exit code an action asked for. */
export interface RunState {
  exitCode: ExitCode;
}

/** Wraps a command's handler: gives it a context from the global options, records its exit code. */
export type Act = <O, P extends unknown[]>(
  handler: (context: CommandContext, options: O, ...positional: P) => Promise<ExitCode | undefined>,
) => (...args: unknown[]) => Promise<void>;

/** Registers one command (or a group) on the program. */
export type Register = (program: Command, act: Act) => void;

/** Every command, in the order `--help` lists them. Add a command by adding its register function. */
const COMMANDS: Register[] = [
  registerFlags,
  registerSegments,
  registerKeys,
  registerRollouts,
  registerExplain,
  registerCleanup,
  // flags as code
  registerRefs,
  registerCheck,
  registerCodegen,
  registerExport,
  registerApply,
];

export function createProgram(environment: Environment, state: RunState): Command {
  const program = new Command('flagstaff')
    .description(
      'Flagstaff from the command line: flags, segments, keys, rollouts, cleanup and flags as code.',
    )
    .version('0.1.0')
    .option('--server <url>', 'the Flagstaff server (env FLAGSTAFF_URL; default http://127.0.0.1:3000)')
    .option('--token <token>', 'an admin token (env FLAGSTAFF_TOKEN)')
    .option('--config <file>', 'a JSON config file with "server" and "token" (env FLAGSTAFF_CONFIG)')
    .option('--json', 'print results as JSON for scripts (errors too, as {"error": {...}})')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => environment.io.stdout(text),
      writeErr: (text) => environment.io.stderr(text),
    })
    .exitOverride();
  const act: Act =
    (handler) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      // Commander calls an action with the positional arguments, then the options, then the command.
      const run = handler as (
        c: CommandContext,
        o: unknown,
        ...p: unknown[]
      ) => Promise<ExitCode | undefined>;
      const code = await run(contextOf(command, environment), args[args.length - 2], ...args.slice(0, -2));
      if (code !== undefined) state.exitCode = code;
    };
  for (const register of COMMANDS) register(program, act);
  // Every subcommand inherits the output routing and exit override.
  for (const command of allCommands(program)) {
    command
      .configureOutput({
        writeOut: (text) => environment.io.stdout(text),
        writeErr: (text) => environment.io.stderr(text),
      })
      .showHelpAfterError('(add --help for usage)')
      .exitOverride();
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}
