import type { Command } from 'commander';
import { callPattern, findCalls, SDK_GETTERS } from '../code/references.ts';
import { locationOf, scanTree } from '../code/scan.ts';
import { listAllFlags } from '../code/server-flags.ts';
import type { WalkStats } from '../code/source-tree.ts';
import { EXIT } from '../exit-codes.ts';
import type { Act } from '../program.ts';
import { commaList, sourceRoot, walkOptions } from './code-options.ts';

interface CheckOptions {
  getters?: string[];
  maxFileSize?: number;
}

interface Problem {
  file: string;
  line: number;
  column: number;
  key: string;
  problem: 'unknown' | 'archived';
}

interface CheckResult {
  root: string;
  stats: WalkStats;
  /** SDK getter calls with a literal key found. */
  references: number;
  problems: Problem[];
}

/** `flagstaff check <path>`: exit 1 when code asks the SDK for a flag that does not exist or is archived. */
export function registerCheck(program: Command, act: Act): void {
  program
    .command('check')
    .description(
      'exit 1 when code calls an SDK getter with a flag key that is not on the server or is archived',
    )
    .argument('<path>', 'the source tree')
    .option(
      '--getters <names>',
      `comma-separated method names to recognise instead of the SDKs' (${SDK_GETTERS.slice(0, 5).join(', ')}, …)`,
      commaList,
    )
    .option('--max-file-size <bytes>', 'skip files larger than this (default 1 MiB)', Number)
    .action(
      act(async (context, options: CheckOptions, path: string) => {
        const root = sourceRoot(path);
        const flags = await context.output.progress('reading flags', () => listAllFlags(context.api()));
        const archived = new Set(flags.filter((flag) => flag.archived).map((flag) => flag.key));
        const known = new Set(flags.map((flag) => flag.key));
        const pattern = callPattern(options.getters ?? SDK_GETTERS);
        const scan = await context.output.progress('scanning', async () =>
          scanTree(root, (text) => findCalls(text, pattern), walkOptions(options)),
        );
        const problems = scan.references.flatMap(({ file, line, column, key }): Problem[] => {
          if (!known.has(key)) return [{ file, line, column, key, problem: 'unknown' }];
          if (archived.has(key)) return [{ file, line, column, key, problem: 'archived' }];
          return [];
        });
        const result: CheckResult = { root, stats: scan.stats, references: scan.references.length, problems };
        context.output.result(result, renderCheck);
        return problems.length > 0 ? EXIT.findings : EXIT.ok;
      }),
    );
}

function renderCheck(result: CheckResult): string {
  const lines = result.problems.map(
    (problem) =>
      `${locationOf(problem)}  ${problem.problem === 'unknown' ? 'no flag' : 'archived flag'} ${problem.key}`,
  );
  const files = `${result.stats.files} files`;
  lines.push(
    result.problems.length === 0
      ? `ok: ${result.references} flag references in ${files}, every flag on the server and not archived`
      : `${result.problems.length} of ${result.references} flag references in ${files} name a missing or archived flag`,
  );
  return lines.join('\n');
}
