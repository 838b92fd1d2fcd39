import type { ApiClient, components, Flag } from '@flagstaff/api-client';
import { type Command, Option } from 'commander';
import { unwrap } from '../api.ts';
import { ifMatch, parse, usage } from '../input.ts';
import { extendExpiry, type LifecycleStage } from '../lifecycle-api.ts';
import { table } from '../output.ts';
import type { Act } from '../program.ts';
import { changedPaths, renderFlag, renderFlagList } from '../render/flag-render.ts';
import { registerFlagEdits } from './flag-edit.ts';

type FlagVersion = components['schemas']['FlagVersion'];
type AuditRecord = components['schemas']['AuditRecord'];

interface ListOptions {
  type?: 'release' | 'experiment' | 'ops' | 'permission';
  owner?: string;
  tag?: string;
  state?: 'active' | 'expired' | 'archived';
  lifecycle?: LifecycleStage['stage'];
  env?: string;
}

const LIFECYCLE_STAGES = ['created', 'code_deployed', 'test', 'canary', 'full', 'cleanup_due', 'archived'];

interface WriteOptions {
  ifVersion?: number;
}

export const ifVersionOption = () =>
  new Option(
    '--if-version <n>',
    'only if the current version is still n (else exit 5 and nothing changes)',
  ).argParser(parse.positiveInteger);

/** `flagstaff flags …`: list, get, create, update, archive, unarchive, restore, history, extend. */
export function registerFlags(program: Command, act: Act): void {
  const flags = program.command('flags').description('list, read and change flags');

  flags
    .command('list')
    .description('list flags (every page), optionally filtered')
    .addOption(
      new Option('--type <type>', 'only this type').choices(['release', 'experiment', 'ops', 'permission']),
    )
    .option('--owner <owner>', 'only this owner’s flags')
    .option('--tag <tag>', 'only flags with this tag')
    .addOption(
      new Option('--state <state>', 'only flags in this state').choices(['active', 'expired', 'archived']),
    )
    .addOption(
      new Option('--lifecycle <stage>', 'only flags at this lifecycle stage in --env').choices(
        LIFECYCLE_STAGES,
      ),
    )
    .option('--env <env>', 'show each flag’s lifecycle stage in this environment')
    .action(
      act(async (context, options: ListOptions) => {
        if (options.lifecycle && !options.env)
          throw usage('--lifecycle needs the environment: add --env <env>');
        const api = context.api();
        const { env, ...filters } = options;
        const query = { ...filters, ...(env ? { environment: env } : {}) };
        const items = await context.output.progress('listing flags', () => listAllFlags(api, query));
        context.output.result(items, (list) => renderFlagList(list, env));
        return undefined;
      }),
    );

  flags
    .command('get')
    .description('one flag: its definition and its state in every environment')
    .argument('<key>', 'the flag key')
    .action(
      act(async (context, _options: object, key: string) => {
        const flag = await unwrap(context.api().GET('/api/v1/flags/{key}', { params: { path: { key } } }));
        context.output.result(flag, renderFlag);
        return undefined;
      }),
    );

  registerFlagEdits(flags, act);

  for (const [action, verb] of [
    ['archive', 'archived'],
    ['unarchive', 'unarchived'],
  ] as const) {
    flags
      .command(action)
      .description(
        action === 'archive'
          ? 'archive a flag: SDKs stop receiving it (unarchive brings it back)'
          : 'bring an archived flag back',
      )
      .argument('<key>', 'the flag key')
      .addOption(ifVersionOption())
      .action(
        act(async (context, options: WriteOptions, key: string) => {
          const flag = await unwrap(
            context.api().POST(`/api/v1/flags/{key}/${action}`, {
              params: { path: { key }, header: { 'if-match': ifMatch(options.ifVersion) } },
            }),
          );
          context.output.result(flag, (f) => `${f.key} ${verb} (version ${f.version})`);
          return undefined;
        }),
      );
  }

  flags
    .command('restore')
    .description('restore an earlier version of a flag, as a new version (see `flags history`)')
    .argument('<key>', 'the flag key')
    .argument('<version>', 'the version to restore', parse.positiveInteger)
    .addOption(ifVersionOption())
    .action(
      act(async (context, options: WriteOptions, key: string, version: number) => {
        const flag = await unwrap(
          context.api().POST('/api/v1/flags/{key}/versions/{version}/restore', {
            params: {
              path: { key, version: String(version) },
              header: { 'if-match': ifMatch(options.ifVersion) },
            },
          }),
        );
        context.output.result(flag, (f) => `${f.key}: version ${version} restored as version ${f.version}`);
        return undefined;
      }),
    );

  flags
    .command('extend')
    .description(
      'move a flag’s expiry later, with a reason for the audit log (up to the type’s maximum lifetime)',
    )
    .argument('<key>', 'the flag key')
    .requiredOption(
      '--until <date>',
      'the new expiry: 2027-01-31, a date-time, or a span like 30d',
      (text: string) => parse.date(text),
    )
    .requiredOption('--reason <text>', 'why it stays, e.g. "waiting for the mobile release"')
    .addOption(ifVersionOption())
    .action(
      act(async (context, options: WriteOptions & { until: string; reason: string }, key: string) => {
        const body = { expiresAt: options.until, reason: options.reason };
        const tag = options.ifVersion === undefined ? undefined : ifMatch(options.ifVersion);
        const flag = await extendExpiry(context.api(), key, body, tag);
        context.output.result(
          flag,
          (f) => `${f.key} now expires ${f.expiresAt ?? 'never'} (version ${f.version})`,
        );
        return undefined;
      }),
    );

  flags
    .command('history')
    .description('a flag’s versions (what changed, by whom) and its audit records, newest first')
    .argument('<key>', 'the flag key')
    .action(
      act(async (context, _options: object, key: string) => {
        const api = context.api();
        const [versions, audit] = await Promise.all([
          unwrap(api.GET('/api/v1/flags/{key}/versions', { params: { path: { key } } })),
          unwrap(api.GET('/api/v1/audit', { params: { query: { flag: key, limit: '500' } } })),
        ]);
        const history = { versions: versions.items, audit: audit.items };
        context.output.result(history, renderHistory);
        return undefined;
      }),
    );
}

/** Every flag matching the filters, page after page. */
export async function listAllFlags(
  api: ApiClient,
  filters: Omit<ListOptions, 'env'> & { environment?: string },
): Promise<Flag[]> {
  const all: Flag[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/flags', {
        params: { query: { ...filters, limit: '500', ...(cursor ? { cursor } : {}) } },
      }),
    );
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

function renderHistory(history: { versions: FlagVersion[]; audit: AuditRecord[] }): string {
  // Versions come newest first: each is compared with the one after it in the list.
  const versions = table(
    ['VERSION', 'AT', 'ACTOR', 'CHANGED'],
    history.versions.map((entry, index) => {
      const previous = history.versions[index + 1];
      const changed = previous
        ? changedPaths(previous.flag, entry.flag)
            .filter((path) => path !== 'createdAt')
            .join(', ')
        : 'created';
      return [entry.version, shortTime(entry.createdAt), entry.actor, changed || '(nothing)'];
    }),
  );
  const audit = table(
    ['AT', 'ACTOR', 'ACTION', 'ENVIRONMENT'],
    history.audit.map((record) => [shortTime(record.at), record.actor, record.action, record.environment]),
  );
  return `${versions}\n\naudit:\n${audit}`;
}

/** `2026-12-03 21:04:05` (UTC). */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
