import type { Flag } from '@flagstaff/api-client';
import type { Command } from 'commander';
import { unwrap } from '../api.ts';
import { table } from '../output.ts';
import type { Act } from '../program.ts';

interface ListOptions {
  type?: 'release' | 'experiment' | 'ops' | 'permission';
  owner?: string;
  tag?: string;
  state?: 'active' | 'expired' | 'archived';
}

/** `flagstaff flags …`: list, get (more to come: create, update, archive, restore, history). */
export function registerFlags(program: Command, act: Act): void {
  const flags = program.command('flags').description('list, read and change flags');

  flags
    .command('list')
    .description('list flags (every page), optionally filtered')
    .option('--type <type>', 'release, experiment, ops or permission')
    .option('--owner <owner>', 'only this owner’s flags')
    .option('--tag <tag>', 'only flags with this tag')
    .option('--state <state>', 'active, expired or archived')
    .action(
      act(async (context, options: ListOptions) => {
        const api = context.api();
        const items = await context.output.progress('listing flags', async () => {
          const all: Flag[] = [];
          let cursor: string | undefined;
          do {
            const page = await unwrap(
              api.GET('/api/v1/flags', {
                params: { query: { ...options, limit: '500', ...(cursor ? { cursor } : {}) } },
              }),
            );
            all.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return all;
        });
        context.output.result(items, (list) =>
          table(
            ['KEY', 'TYPE', 'OWNER', 'STATE', 'EXPIRES', 'VERSION'],
            list.map((flag) => [
              flag.key,
              flag.type,
              flag.owner,
              flag.state,
              flag.expiresAt?.slice(0, 10),
              flag.version,
            ]),
          ),
        );
        return undefined;
      }),
    );

  flags
    .command('get')
    .description('one flag, with its state in every environment')
    .argument('<key>', 'the flag key')
    .action(
      act(async (context, _options: object, key: string) => {
        const flag = await unwrap(context.api().GET('/api/v1/flags/{key}', { params: { path: { key } } }));
        context.output.result(flag, (f) => JSON.stringify(f, null, 2));
        return undefined;
      }),
    );
}
