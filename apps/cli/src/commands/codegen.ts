import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { unwrap } from '../api.ts';
import { CliError } from '../cli-error.ts';
import { listAllFlags } from '../code/server-flags.ts';
import { flagsFor, renderTypedModule, type Sdk } from '../code/typescript-module.ts';
import { EXIT } from '../exit-codes.ts';
import type { Act } from '../program.ts';

interface CodegenOptions {
  env: string;
  output?: string;
  sdk: string;
}

/** `flagstaff codegen --env <env>`: a TypeScript module typing an SDK client for the environment's flags. */
export function registerCodegen(program: Command, act: Act): void {
  program
    .command('codegen')
    .description(
      "write a TypeScript module of an environment's flag keys and value types for the SDK getters",
    )
    .requiredOption('--env <env>', 'the environment')
    .option('-o, --output <file>', 'write the module to this file (default: stdout)')
    .option('--sdk <sdk>', 'node (every flag) or browser (client-visible flags)', 'node')
    .action(
      act(async (context, options: CodegenOptions) => {
        if (options.sdk !== 'node' && options.sdk !== 'browser') {
          throw new CliError(EXIT.usage, `--sdk must be node or browser, not ${options.sdk}`, 'BAD_OPTION');
        }
        const sdk: Sdk = options.sdk;
        const api = context.api();
        const flags = await context.output.progress('reading flags', async () => {
          await unwrap(api.GET('/api/v1/environments/{env}', { params: { path: { env: options.env } } }));
          return flagsFor(await listAllFlags(api), options.env, sdk);
        });
        const module = renderTypedModule(flags, options.env, sdk);
        if (options.output) writeFileSync(options.output, module);
        const result = {
          environment: options.env,
          sdk,
          flags: flags.map((flag) => flag.key),
          output: options.output ?? null,
          ...(options.output ? {} : { module }),
        };
        context.output.result(result, (r) =>
          r.output ? `wrote ${r.output}: ${r.flags.length} flags of ${r.environment} (${r.sdk} SDK)` : module,
        );
        return EXIT.ok;
      }),
    );
}
