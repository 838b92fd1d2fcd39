import { resolve } from 'node:path';
import type { Command } from 'commander';
import { mentionFinder } from '../code/references.ts';
import { byKey, locationOf, type Reference, scanTree } from '../code/scan.ts';
import { listAllFlags } from '../code/server-flags.ts';
import type { WalkStats } from '../code/source-tree.ts';
import { EXIT } from '../exit-codes.ts';
import { type StaleFlag, staleFlagsByKey } from '../lifecycle-api.ts';
import type { Act } from '../program.ts';
import { commaList, sourceRoot, walkOptions } from './code-options.ts';

interface RefsOptions {
  keys?: string[];
  maxFileSize?: number;
  failOnStale?: boolean;
}

interface FlagReferences {
  key: string;
  references: { file: string; line: number; column: number }[];
  /** Why the cleanup report lists the flag, when it does. */
  stale: StaleFlag['reasons'] | null;
}

interface RefsResult {
  root: string;
  keys: number;
  stats: WalkStats;
  /** Whether the server's cleanup report was joined (not with `--keys`, nor from a server without one). */
  cleanupReport: boolean;
  flags: FlagReferences[];
}

/** `flagstaff refs <path>`: where the source tree mentions each flag key, stale flags first. */
export function registerRefs(program: Command, act: Act): void {
  program
    .command('refs')
    .description(
      'find references to flag keys in a source tree (respecting .gitignore), joined to the cleanup report',
    )
    .argument('<path>', 'the source tree')
    .option(
      '--keys <keys>',
      'comma-separated keys to look for, instead of the flags on the server',
      commaList,
    )
    .option('--max-file-size <bytes>', 'skip files larger than this (default 1 MiB)', Number)
    .option('--fail-on-stale', 'exit 1 when a flag of the cleanup report is still referenced')
    .action(
      act(async (context, options: RefsOptions, path: string) => {
        const root = sourceRoot(path);
        let keys: string[];
        let stale: Map<string, StaleFlag> | undefined;
        if (options.keys) {
          keys = options.keys;
        } else {
          const api = context.api();
          [keys, stale] = await context.output.progress('reading flags and the cleanup report', async () => [
            (await listAllFlags(api)).map((flag) => flag.key),
            await staleFlagsByKey(api),
          ]);
          if (!stale)
            context.output.note('the server has no cleanup report (GET /api/v1/cleanup): references only');
        }
        const keySet = new Set(keys);
        const findMentions = mentionFinder(keySet);
        const scan = await context.output.progress(`scanning ${resolve(root)}`, async () =>
          scanTree(root, findMentions, walkOptions(options)),
        );
        const result: RefsResult = {
          root,
          keys: keySet.size,
          stats: scan.stats,
          cleanupReport: stale !== undefined,
          flags: flagReferences(byKey(scan.references), stale),
        };
        context.output.result(result, renderRefs);
        const staleReferenced = result.flags.some((flag) => flag.stale !== null);
        return options.failOnStale && staleReferenced ? EXIT.findings : EXIT.ok;
      }),
    );
}

function flagReferences(groups: Map<string, Reference[]>, stale: Map<string, StaleFlag> | undefined) {
  const flags: FlagReferences[] = [...groups].map(([key, references]) => ({
    key,
    references: references.map(({ file, line, column }) => ({ file, line, column })),
    stale: stale?.get(key)?.reasons ?? null,
  }));
  // Stale flags first: they are what a cleanup has to act on.
  return [...flags.filter((flag) => flag.stale), ...flags.filter((flag) => !flag.stale)];
}

function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}

function renderRefs(result: RefsResult): string {
  const lines: string[] = [];
  for (const flag of result.flags) {
    const count = places(flag.references.length);
    if (flag.stale) {
      const why = flag.stale.map((reason) => reason.message).join('; ');
      lines.push(`stale flag ${flag.key} is still referenced in ${count} (${why})`);
    } else {
      lines.push(`${flag.key}: referenced in ${count}`);
    }
    for (const reference of flag.references) lines.push(`  ${locationOf({ key: flag.key, ...reference })}`);
  }
  const { files, skipped } = result.stats;
  lines.push(
    `${result.flags.length} of ${result.keys} flags referenced; ${files} files scanned` +
      ` (${skipped.binary} binary and ${skipped.large} large files skipped)`,
  );
  return lines.join('\n');
}
