import { type Command, Option } from 'commander';
import { unwrap } from '../api.ts';
import { usage } from '../input.ts';
import { table } from '../output.ts';
import type { Act } from '../program.ts';
import { shortTime } from './flags.ts';

interface CreateOptions {
  kind: 'admin' | 'server' | 'client';
  name: string;
  env?: string;
}

/** `flagstaff keys …`: admin tokens and SDK keys (create, list, revoke). */
export function registerKeys(program: Command, act: Act): void {
  const keys = program.command('keys').description('admin tokens and SDK keys');

  keys
    .command('create')
    .description('create an admin token or an SDK key; its token is printed this once and never again')
    .addOption(
      new Option(
        '--kind <kind>',
        'admin (writes), server (reads an environment), client (public, client-visible flags)',
      )
        .choices(['admin', 'server', 'client'])
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'what it is for, e.g. "checkout-service production"')
    .option('--env <env>', 'the environment an SDK key reads (required for server and client keys)')
    .action(
      act(async (context, options: CreateOptions) => {
        if (options.kind !== 'admin' && !options.env)
          throw usage(`a ${options.kind} key reads one environment: add --env <env>`);
        const created = await unwrap(
          context.api().POST('/api/v1/credentials', {
            body: {
              kind: options.kind,
              name: options.name,
              ...(options.env ? { environment: options.env } : {}),
            },
          }),
        );
        // The token alone on stdout, so that `TOKEN=$(flagstaff keys create …)` works; the rest is a note.
        context.output.result(created, (c) => c.token);
        if (!context.output.json) {
          context.output.note(
            `created ${created.kind} key ${created.id} (${created.name}${created.environment ? `, ${created.environment}` : ''}): ` +
              'store the token now, it is not shown again',
          );
        }
        return undefined;
      }),
    );

  keys
    .command('list')
    .description('list admin tokens and SDK keys (never their tokens)')
    .option('--all', 'include revoked keys')
    .action(
      act(async (context, options: { all?: boolean }) => {
        const { items } = await unwrap(context.api().GET('/api/v1/credentials'));
        const shown = options.all ? items : items.filter((key) => key.revokedAt === null);
        context.output.result(shown, (list) =>
          table(
            ['ID', 'KIND', 'NAME', 'ENVIRONMENT', 'TOKEN', 'CREATED', 'REVOKED'],
            list.map((key) => [
              key.id,
              key.kind,
              key.name,
              key.environment,
              key.hint,
              shortTime(key.createdAt),
              key.revokedAt && shortTime(key.revokedAt),
            ]),
          ),
        );
        return undefined;
      }),
    );

  keys
    .command('revoke')
    .description('revoke a key: it stops working at once (the last admin token cannot be revoked)')
    .argument('<id>', 'the key id (cred_…, see `keys list`)')
    .action(
      act(async (context, _options: object, id: string) => {
        const revoked = await unwrap(
          context.api().DELETE('/api/v1/credentials/{id}', { params: { path: { id } } }),
        );
        context.output.result(revoked, (key) => `revoked ${key.kind} key ${key.id} (${key.name})`);
        return undefined;
      }),
    );
}
