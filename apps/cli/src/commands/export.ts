import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { renderFlagsFile } from '../code/flags-export.ts';
import { listAllFlags, listEnvironmentKeys } from '../code/server-flags.ts';
import { EXIT } from '../exit-codes.ts';
import type { Act } from '../program.ts';

interface ExportOptions {
  env?: string[];
  output?: string;
}

/** `flagstaff export`: every flag as a flags-as-code YAML file that `apply` takes back unchanged. */
export function registerExport(program: Command, act: Act): void {
  program
    .command('export')
    .description('write every flag as flags-as-code YAML (the playbook’s fields, plus all the API holds)')
    .option(
      '--env <env>',
      'only this environment (repeat for several); one environment gives the playbook’s flat shape',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('-o, --output <file>', 'write to this file (default: stdout)')
    .action(
      act(async (context, options: ExportOptions) => {
        const api = context.api();
        const [known, flags] = await context.output.progress('reading flags', () =>
          Promise.all([listEnvironmentKeys(api), listAllFlags(api)]),
        );
        const environments = options.env ?? known;
        const missing = environments.filter((env) => !known.includes(env));
        if (missing.length > 0) {
          throw new CliError(EXIT.notFound, `there is no environment ${missing.join(', ')}`, 'NOT_FOUND');
        }
        const yaml = renderFlagsFile(flags, environments, options.env?.length === 1);
        if (options.output) writeFileSync(options.output, yaml);
        const result = {
          environments,
          flags: flags.map((flag) => flag.key).sort(),
          output: options.output ?? null,
          ...(options.output ? {} : { yaml }),
        };
        context.output.result(result, (r) =>
          r.output ? `wrote ${r.output}: ${r.flags.length} flags, ${r.environments.join(', ')}` : yaml,
        );
        return EXIT.ok;
      }),
    );
}
