import type { paths } from '@flagstaff/api-client';
import { type Command, Option } from 'commander';
import { unwrap } from '../api.ts';
import type { CommandContext } from '../context.ts';
import { defined, ifMatch, parse, readJsonObject, usage } from '../input.ts';
import type { Act } from '../program.ts';
import { renderFlag } from '../render/flag-render.ts';
import { ifVersionOption } from './flags.ts';

type CreateBody = paths['/api/v1/flags']['post']['requestBody']['content']['application/json'];
type UpdateBody = paths['/api/v1/flags/{key}']['patch']['requestBody']['content']['application/json'];
type EnvironmentBody =
  paths['/api/v1/flags/{key}/environments/{env}']['patch']['requestBody']['content']['application/json'];

const FLAG_TYPES = ['release', 'experiment', 'ops', 'permission'];

interface DefinitionOptions {
  file?: string;
  type?: CreateBody['type'];
  name?: string;
  description?: string;
  owner?: string;
  expires?: string;
  tags?: string[];
  variants?: unknown;
}

interface UpdateOptions extends DefinitionOptions {
  env?: string;
  enable?: boolean;
  disable?: boolean;
  offVariant?: string;
  serve?: string;
  percentage?: number;
  clientVisible?: boolean;
  ifVersion?: number;
}

/** `flags create` and `flags update`. */
export function registerFlagEdits(flags: Command, act: Act): void {
  flags
    .command('create')
    .description(
      'create a flag from options, or from a JSON file (the body of POST /api/v1/flags); options win',
    )
    .argument('[key]', 'the flag key (or "key" in the file)')
    .option('-f, --file <path>', 'a JSON file with the flag, or - for stdin')
    .addOption(
      new Option('--type <type>', 'release and experiment flags need an owner and an expiry').choices(
        FLAG_TYPES,
      ),
    )
    .option('--owner <owner>', 'the team or person who owns it')
    .addOption(expiresOption())
    .option('--name <name>', 'a readable name')
    .option('--description <text>', 'what it is for')
    .option('--tags <tags>', 'comma-separated tags', parse.list)
    .option(
      '--variants <json>',
      'the variants, e.g. \'[{"key":"on","value":true},{"key":"off","value":false}]\'',
      parse.json,
    )
    .action(
      act(async (context, options: DefinitionOptions, key: string | undefined) => {
        const fromFile = options.file ? await readJsonObject(options.file) : {};
        const body = { ...fromFile, ...definitionFields(options), ...(key ? { key } : {}) } as CreateBody;
        if (typeof body.key !== 'string')
          throw usage('name the flag: flags create <key> (or "key" in --file)');
        if (typeof body.type !== 'string')
          throw usage('give the flag a type: --type release|experiment|ops|permission');
        const flag = await unwrap(context.api().POST('/api/v1/flags', { body }));
        context.output.result(flag, (f) => `created ${f.key} (version ${f.version})\n\n${renderFlag(f)}`);
        return undefined;
      }),
    );

  flags
    .command('update')
    .description(
      'change a flag (PATCH): its definition, or with --env its state in one environment; a JSON --file is the patch body, options win',
    )
    .argument('<key>', 'the flag key')
    .option(
      '-f, --file <path>',
      'a JSON patch (or - for stdin): flag fields, or with --env the environment state',
    )
    .addOption(new Option('--type <type>', 'a new type').choices(FLAG_TYPES))
    .option('--owner <owner>', 'a new owner ("none" clears it)')
    .addOption(expiresOption().argParser((text) => (text === 'never' ? 'never' : parse.date(text))))
    .option('--name <name>', 'a new name')
    .option('--description <text>', 'a new description')
    .option('--tags <tags>', 'the tags, comma-separated (replaces them)', parse.list)
    .option('--variants <json>', 'the variants (replaces them)', parse.json)
    .option('--env <env>', 'change the flag’s state in this environment')
    .option('--enable', 'with --env: turn the flag on (the kill switch)')
    .option('--disable', 'with --env: turn the flag off: everyone gets the off variant')
    .option('--off-variant <variant>', 'with --env: what is served when the flag is off')
    .option('--serve <variant>', 'with --env: what everyone past the rules gets (the fallthrough)')
    .option('--percentage <p>', 'with --env: let only p% through the fallthrough', parse.percentage)
    .option('--client-visible', 'with --env: client SDK keys may read the flag')
    .option('--no-client-visible', 'with --env: client SDK keys may not read it')
    .addOption(ifVersionOption())
    .action(
      act(async (context, options: UpdateOptions, key: string) => {
        if (options.enable && options.disable) throw usage('--enable and --disable cannot go together');
        const flag = options.env
          ? await updateEnvironment(context, key, options.env, options)
          : await updateDefinition(context, key, options);
        context.output.result(flag, (f) => `updated ${f.key} (version ${f.version})\n\n${renderFlag(f)}`);
        return undefined;
      }),
    );
}

function expiresOption(): Option {
  return new Option('--expires <date>', 'the expiry: 2027-01-31, a date-time, or a span like 30d').argParser(
    (text: string) => parse.date(text),
  );
}

function definitionFields(options: DefinitionOptions): Partial<UpdateBody> {
  return defined({
    type: options.type,
    name: options.name,
    description: options.description,
    owner: options.owner === 'none' ? null : options.owner,
    expiresAt: options.expires === 'never' ? null : options.expires,
    tags: options.tags,
    variants: options.variants as UpdateBody['variants'],
  });
}

async function updateDefinition(context: CommandContext, key: string, options: UpdateOptions) {
  const stateOptions = ['enable', 'disable', 'offVariant', 'serve', 'percentage', 'clientVisible'] as const;
  const misplaced = stateOptions.find((name) => options[name] !== undefined);
  if (misplaced) throw usage(`--${kebab(misplaced)} changes one environment: add --env <env>`);
  const fromFile = options.file ? await readJsonObject(options.file) : {};
  const body = { ...fromFile, ...definitionFields(options) } as UpdateBody;
  if (Object.keys(body).length === 0) throw usage('nothing to change: give an option or --file (see --help)');
  return unwrap(
    context.api().PATCH('/api/v1/flags/{key}', {
      params: { path: { key }, header: { 'if-match': ifMatch(options.ifVersion) } },
      body,
    }),
  );
}

async function updateEnvironment(context: CommandContext, key: string, env: string, options: UpdateOptions) {
  const definitionOptions = ['type', 'owner', 'expires', 'name', 'description', 'tags', 'variants'] as const;
  const misplaced = definitionOptions.find((name) => options[name] !== undefined);
  if (misplaced) throw usage(`--${misplaced} changes the flag, not one environment: leave out --env`);
  const api = context.api();
  const fromFile = options.file ? await readJsonObject(options.file) : {};
  const body = {
    ...fromFile,
    ...defined({
      enabled: options.enable ? true : options.disable ? false : undefined,
      offVariant: options.offVariant,
      clientVisible: options.clientVisible,
    }),
  } as EnvironmentBody;
  let version = options.ifVersion;
  if (options.serve !== undefined || options.percentage !== undefined) {
    // A fallthrough is replaced whole: a percentage alone keeps the variant it serves now (and the
    // write is then based on the version read, so a change made meanwhile is not overwritten).
    let current = body.fallthrough;
    if (options.serve === undefined && current === undefined) {
      const flag = await unwrap(api.GET('/api/v1/flags/{key}', { params: { path: { key } } }));
      current = flag.environments[env]?.fallthrough;
      version ??= flag.version;
    }
    body.fallthrough = defined({
      ...current,
      ...(options.serve !== undefined ? { variant: options.serve, split: undefined } : {}),
      percentage: options.percentage ?? current?.percentage,
    });
  }
  if (Object.keys(body).length === 0) throw usage('nothing to change in this environment (see --help)');
  return unwrap(
    api.PATCH('/api/v1/flags/{key}/environments/{env}', {
      params: { path: { key, env }, header: { 'if-match': ifMatch(version) } },
      body,
    }),
  );
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
