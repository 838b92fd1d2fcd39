import type { paths, Segment } from '@flagstaff/api-client';
import type { Command } from 'commander';
import { unwrap } from '../api.ts';
import { defined, ifMatch, parse, readJsonObject, usage } from '../input.ts';
import { table } from '../output.ts';
import type { Act } from '../program.ts';
import { describeCondition } from '../render/flag-render.ts';
import { ifVersionOption } from './flags.ts';

type CreateBody = paths['/api/v1/segments']['post']['requestBody']['content']['application/json'];
type UpdateBody = paths['/api/v1/segments/{key}']['patch']['requestBody']['content']['application/json'];

interface SegmentOptions {
  file?: string;
  name?: string;
  description?: string;
  include?: string[];
  exclude?: string[];
  conditions?: unknown;
  ifVersion?: number;
}

/** `flagstaff segments …`: list, get, create, update, delete. */
export function registerSegments(program: Command, act: Act): void {
  const segments = program.command('segments').description('reusable audiences for targeting rules');

  segments
    .command('list')
    .description('list segments')
    .action(
      act(async (context) => {
        const api = context.api();
        const all: Segment[] = [];
        let cursor: string | undefined;
        do {
          const page = await unwrap(
            api.GET('/api/v1/segments', {
              params: { query: { limit: '500', ...(cursor ? { cursor } : {}) } },
            }),
          );
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        context.output.result(all, (list) =>
          list.length === 0
            ? 'no segments'
            : table(
                ['KEY', 'NAME', 'INCLUDED', 'EXCLUDED', 'CONDITIONS', 'VERSION'],
                list.map((s) => [
                  s.key,
                  s.name,
                  s.included.length,
                  s.excluded.length,
                  s.conditions.length,
                  s.version,
                ]),
              ),
        );
        return undefined;
      }),
    );

  segments
    .command('get')
    .description('one segment')
    .argument('<key>', 'the segment key')
    .action(
      act(async (context, _options: object, key: string) => {
        const segment = await unwrap(
          context.api().GET('/api/v1/segments/{key}', { params: { path: { key } } }),
        );
        context.output.result(segment, renderSegment);
        return undefined;
      }),
    );

  const withFields = (command: Command) =>
    command
      .option('-f, --file <path>', 'a JSON file with the segment fields, or - for stdin; options win')
      .option('--name <name>', 'a readable name')
      .option('--description <text>', 'who is in it')
      .option('--include <keys>', 'context keys always in it, comma-separated', parse.list)
      .option(
        '--exclude <keys>',
        'context keys never in it (wins over --include), comma-separated',
        parse.list,
      )
      .option('--conditions <json>', 'conditions that must all hold, as a JSON array', parse.json);

  withFields(
    segments.command('create').description('create a segment').argument('<key>', 'the segment key'),
  ).action(
    act(async (context, options: SegmentOptions, key: string) => {
      const body = { ...(await fromFile(options)), ...fields(options), key } as CreateBody;
      const segment = await unwrap(context.api().POST('/api/v1/segments', { body }));
      context.output.result(segment, (s) => `created segment ${s.key} (version ${s.version})`);
      return undefined;
    }),
  );

  withFields(
    segments
      .command('update')
      .description('change a segment (the fields given replace the old ones)')
      .argument('<key>', 'the segment key'),
  )
    .addOption(ifVersionOption())
    .action(
      act(async (context, options: SegmentOptions, key: string) => {
        const body = { ...(await fromFile(options)), ...fields(options) } as UpdateBody;
        if (Object.keys(body).length === 0)
          throw usage('nothing to change: give an option or --file (see --help)');
        const segment = await unwrap(
          context.api().PATCH('/api/v1/segments/{key}', {
            params: { path: { key }, header: { 'if-match': ifMatch(options.ifVersion) } },
            body,
          }),
        );
        context.output.result(segment, (s) => `updated segment ${s.key} (version ${s.version})`);
        return undefined;
      }),
    );

  segments
    .command('delete')
    .description('delete a segment no flag uses (a segment in use is refused: exit 5)')
    .argument('<key>', 'the segment key')
    .addOption(ifVersionOption())
    .action(
      act(async (context, options: SegmentOptions, key: string) => {
        await unwrap(
          context.api().DELETE('/api/v1/segments/{key}', {
            params: { path: { key }, header: { 'if-match': ifMatch(options.ifVersion) } },
          }),
        );
        context.output.result({ deleted: key }, () => `deleted segment ${key}`);
        return undefined;
      }),
    );
}

async function fromFile(options: SegmentOptions): Promise<Record<string, unknown>> {
  return options.file ? readJsonObject(options.file) : {};
}

function fields(options: SegmentOptions): Partial<UpdateBody> {
  return defined({
    name: options.name,
    description: options.description,
    included: options.include,
    excluded: options.exclude,
    conditions: options.conditions as UpdateBody['conditions'],
  });
}

function renderSegment(segment: Segment): string {
  const list = (keys: string[]) => (keys.length === 0 ? '-' : keys.join(', '));
  return [
    `${segment.key}  (version ${segment.version})`,
    ...(segment.name && segment.name !== segment.key ? [`name:        ${segment.name}`] : []),
    ...(segment.description ? [`description: ${segment.description}`] : []),
    `included:    ${list(segment.included)}`,
    `excluded:    ${list(segment.excluded)}`,
    `conditions:  ${segment.conditions.length === 0 ? '-' : segment.conditions.map(describeCondition).join(' and ')}`,
  ].join('\n');
}
