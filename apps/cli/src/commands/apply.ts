import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Flag } from '@flagstaff/api-client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { type AppliedChange, applyChanges } from '../code/flags-apply.ts';
import { checkAgainstServer, checkArchivedEdits } from '../code/flags-checks.ts';
import { readFlagsFile } from '../code/flags-file.ts';
import { type PlannedChange, planChanges } from '../code/flags-plan.ts';
import { listAllFlags, listAllSegments, listEnvironmentKeys } from '../code/server-flags.ts';
import { EXIT } from '../exit-codes.ts';
import type { Act } from '../program.ts';

interface ApplyOptions {
  file: string;
  env?: string;
  dryRun?: boolean;
  confirm?: boolean;
}

interface ApplyResult {
  file: string;
  dryRun: boolean;
  changes: Omit<PlannedChange, 'body' | 'archive'>[];
  applied: AppliedChange[];
}

/** `flagstaff apply -f flags.yaml`: make the server hold the file's flags, all or nothing. */
export function registerApply(program: Command, act: Act): void {
  program
    .command('apply')
    .description('make the server hold the flags of a flags-as-code YAML file (validated whole first)')
    .requiredOption('-f, --file <file>', 'the YAML file (- for stdin)')
    .option('--env <env>', 'the environment the flag-level default/rollout/targeting describe')
    .option('--dry-run', 'print the changes and exit 1 if there are any, 0 if none; change nothing')
    .option('--confirm', 'print the changes and ask before applying them (reads the answer from stdin)')
    .action(
      act(async (context, options: ApplyOptions) => {
        if (options.confirm && options.file === '-') {
          throw new CliError(
            EXIT.usage,
            '--confirm reads the answer from stdin: give the file with -f <path>',
            'BAD_OPTION',
          );
        }
        const name = options.file === '-' ? '<stdin>' : options.file;
        const file = readFlagsFile(readSource(options.file), options.env);
        file.issues.throwIfAny(name);

        const api = context.api();
        const [environments, segments, flags] = await context.output.progress('reading the server', () =>
          Promise.all([listEnvironmentKeys(api), listAllSegments(api), listAllFlags(api)]),
        );
        const current = new Map<string, Flag>(flags.map((flag) => [flag.key, flag]));
        checkAgainstServer(
          file.flags,
          { environments, segments, flags: current, now: new Date() },
          file.issues,
        );
        file.issues.throwIfAny(name);

        const changes = planChanges(file.flags, current);
        checkArchivedEdits(changes, file.flags, current, file.issues);
        file.issues.throwIfAny(name);
        const result: ApplyResult = {
          file: name,
          dryRun: options.dryRun === true,
          changes: changes.map(({ body: _b, archive: _a, ...change }) => change),
          applied: [],
        };
        if (options.dryRun || changes.length === 0) {
          context.output.result(result, renderPlan);
          return options.dryRun && changes.length > 0 ? EXIT.findings : EXIT.ok;
        }
        if (options.confirm) {
          context.output.note(renderPlan(result));
          if (
            !(await confirmed(`apply ${changes.length} change${changes.length === 1 ? '' : 's'}? [y/N] `))
          ) {
            context.output.note('nothing applied');
            return EXIT.ok;
          }
        }
        result.applied = await context.output.progress('applying', () => applyChanges(api, changes));
        context.output.result(
          result,
          (r) => `${renderPlan(r)}\napplied ${r.applied.length} change${r.applied.length === 1 ? '' : 's'}`,
        );
        return EXIT.ok;
      }),
    );
}

function readSource(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(EXIT.usage, `cannot read ${file}: ${(error as Error).message}`, 'NO_FILE');
  }
}

function renderPlan(result: ApplyResult): string {
  if (result.changes.length === 0) return `no changes: the server already holds ${result.file}`;
  const lines = result.changes.flatMap((change) => [
    change.kind === 'create' ? `+ ${change.key}` : `~ ${change.key} (version ${change.version})`,
    ...change.diff.map((line) => `    ${line}`),
  ]);
  const created = result.changes.filter((change) => change.kind === 'create').length;
  lines.push(
    `${result.changes.length} flag${result.changes.length === 1 ? '' : 's'} to change (${created} new, ${result.changes.length - created} updated)`,
  );
  return lines.join('\n');
}

async function confirmed(question: string): Promise<boolean> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => {
      lines.question(question, resolve);
      lines.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    lines.close();
  }
}
