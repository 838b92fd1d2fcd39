import type { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';
import { defined } from '../input.ts';
import { getCleanupReport, runCleanup } from '../lifecycle-api.ts';
import type { Act } from '../program.ts';
import { renderCleanupReport, renderCleanupRun } from '../render/cleanup-render.ts';

interface CleanupOptions {
  owner?: string;
  env?: string;
  run?: boolean;
  failOnFindings?: boolean;
}

/** `flagstaff cleanup`: stale and expired flags by owner, with reasons and ages; `--run` runs the job. */
export function registerCleanup(program: Command, act: Act): void {
  program
    .command('cleanup')
    .description('stale and expired flags, grouped by owner, with the reasons and their ages')
    .option('--owner <owner>', 'only this owner’s flags')
    .option('--env <env>', 'only reasons in this environment')
    .option('--run', 'run the cleanup job now (mark flags, notify owners) and print its summary')
    .option(
      '--fail-on-findings',
      'exit 1 when a flag is listed (with --run: when the job flagged one), for CI',
    )
    .action(
      act(async (context, options: CleanupOptions) => {
        const api = context.api();
        if (options.run) {
          const run = await context.output.progress('running the cleanup job', () => runCleanup(api));
          context.output.result(run, renderCleanupRun);
          return options.failOnFindings && run.flagged > 0 ? EXIT.findings : undefined;
        }
        const report = await getCleanupReport(
          api,
          defined({ owner: options.owner, environment: options.env }),
        );
        context.output.result(report, renderCleanupReport);
        const found = report.owners.some((group) => group.flags.length > 0);
        return options.failOnFindings && found ? EXIT.findings : undefined;
      }),
    );
}
