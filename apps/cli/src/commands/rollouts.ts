import type { ApiClient, paths } from '@flagstaff/api-client';
import { type Command, Option } from 'commander';
import { unwrap } from '../api.ts';
import { CliError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';
import { defined, parse, readJsonObject, usage } from '../input.ts';
import type { Act } from '../program.ts';
import {
  type Plan,
  renderPlan,
  renderPlanDetail,
  renderPlanList,
  renderSuggestion,
} from '../render/rollout-render.ts';

type StartBody = paths['/api/v1/rollouts']['post']['requestBody']['content']['application/json'];
type Status = Plan['status'];

const TEMPLATES = ['standard', 'conservative', 'aggressive', 'custom'];
const RISK_LEVELS = ['high', 'medium', 'low'];
const ROLLOUT_ARGUMENT = [
  '<rollout>',
  'a rollout id (ro_…), or a flag key (with --env when it has several)',
] as const;

interface StartOptions {
  env: string;
  file?: string;
  template?: StartBody['template'];
  stages?: string[];
  minStage?: number;
  treatment?: string;
  risk?: 'high' | 'medium' | 'low';
  factors?: string[];
}

interface RefOptions {
  env?: string;
}

/** `flagstaff rollouts …`: start, status, list, pause, resume, advance, rollback, restart, suggest. */
export function registerRollouts(program: Command, act: Act): void {
  const rollouts = program
    .command('rollouts')
    .description('guarded staged rollouts of a flag in an environment');

  rollouts
    .command('start')
    .description(
      'start a guarded rollout: stages from a template (suggested from the flag’s tags when absent) or custom',
    )
    .argument('<flag>', 'the flag key')
    .requiredOption('--env <env>', 'the environment')
    .addOption(new Option('--template <template>', 'the stages to follow').choices(TEMPLATES))
    .option(
      '--stages <percentages>',
      'custom stages, comma-separated, ending at 100 (e.g. 1,5,25,100)',
      parse.list,
    )
    .option('--min-stage <duration>', 'minimum time at each stage: 90s, 30m, 2h, 1d', parse.seconds)
    .option(
      '--treatment <variant>',
      'the variant being rolled out (default: the flag’s first non-off variant)',
    )
    .addOption(
      new Option('--risk <level>', 'the change’s risk, for the suggested template').choices(RISK_LEVELS),
    )
    .option(
      '--factors <factors>',
      'risk factors, comma-separated (database, payments, ui_only, …)',
      parse.list,
    )
    .option(
      '-f, --file <path>',
      'a JSON file with more of the plan (criteria, guards), or - for stdin; options win',
    )
    .action(
      act(async (context, options: StartOptions, flag: string) => {
        const stages = options.stages?.map((stage) => {
          const value = Number(stage.replace(/%$/, ''));
          if (!Number.isFinite(value)) throw usage(`--stages: ${stage} is not a percentage`);
          return value;
        });
        const risk =
          options.risk || options.factors
            ? defined({ level: options.risk, factors: options.factors })
            : undefined;
        const body = {
          ...(options.file ? await readJsonObject(options.file) : {}),
          ...defined({
            flag,
            environment: options.env,
            template: options.template ?? (stages ? 'custom' : undefined),
            stages,
            minStageSeconds: options.minStage,
            treatmentVariant: options.treatment,
            risk,
          }),
        } as StartBody;
        const plan = await unwrap(context.api().POST('/api/v1/rollouts', { body }));
        context.output.result(plan, (p) => `started\n${renderPlan(p)}`);
        return undefined;
      }),
    );

  rollouts
    .command('status')
    .description('where a rollout stands: stage, time at stage, every criterion with its figures, history')
    .argument(...ROLLOUT_ARGUMENT)
    .option('--env <env>', 'the environment, when <rollout> is a flag key')
    .action(
      act(async (context, options: RefOptions, ref: string) => {
        const api = context.api();
        const id = await resolveRollout(api, ref, options.env, [
          'running',
          'paused',
          'rolled_back',
          'completed',
        ]);
        const plan = await unwrap(api.GET('/api/v1/rollouts/{id}', { params: { path: { id } } }));
        context.output.result(plan, renderPlanDetail);
        return undefined;
      }),
    );

  rollouts
    .command('list')
    .description('rollouts, newest first')
    .option('--flag <flag>', 'only this flag’s')
    .option('--env <env>', 'only in this environment')
    .addOption(
      new Option('--status <status>', 'only in this status').choices([
        'running',
        'paused',
        'rolled_back',
        'completed',
      ]),
    )
    .option('--limit <n>', 'at most n (default 50, at most 200)', parse.positiveInteger)
    .action(
      act(async (context, options: { flag?: string; env?: string; status?: Status; limit?: number }) => {
        const query = defined({
          flag: options.flag,
          environment: options.env,
          status: options.status,
          limit: options.limit,
        });
        const { items } = await unwrap(context.api().GET('/api/v1/rollouts', { params: { query } }));
        context.output.result(items, renderPlanList);
        return undefined;
      }),
    );

  const actions = [
    ['pause', 'paused', 'pause a rollout: it holds its stage (the kill switch still works)', ['running']],
    ['resume', 'resumed', 'resume a paused rollout', ['paused']],
    [
      'advance',
      'advanced',
      'advance a rollout by hand to its next stage, whatever the criteria say',
      ['running', 'paused'],
    ],
    [
      'restart',
      'restarted',
      'start a rolled-back rollout again from its first stage, with the same bucketing',
      ['rolled_back'],
    ],
  ] as const;
  for (const [action, done, description, statuses] of actions) {
    rollouts
      .command(action)
      .description(description)
      .argument(...ROLLOUT_ARGUMENT)
      .option('--env <env>', 'the environment, when <rollout> is a flag key')
      .action(
        act(async (context, options: RefOptions, ref: string) => {
          const api = context.api();
          const id = await resolveRollout(api, ref, options.env, [...statuses]);
          const plan = await unwrap(
            api.POST(`/api/v1/rollouts/{id}/${action}`, { params: { path: { id } } }),
          );
          context.output.result(plan, (p) => `${done}\n${renderPlan(p)}`);
          return undefined;
        }),
      );
  }

  rollouts
    .command('rollback')
    .description('roll back by hand: everyone gets the stable variant (final until `rollouts restart`)')
    .argument(...ROLLOUT_ARGUMENT)
    .option('--env <env>', 'the environment, when <rollout> is a flag key')
    .requiredOption('--reason <text>', 'why, for the history and the notifications')
    .action(
      act(async (context, options: RefOptions & { reason: string }, ref: string) => {
        const api = context.api();
        const id = await resolveRollout(api, ref, options.env, ['running', 'paused']);
        const plan = await unwrap(
          api.POST('/api/v1/rollouts/{id}/rollback', {
            params: { path: { id } },
            body: { reason: options.reason },
          }),
        );
        context.output.result(plan, (p) => `rolled back\n${renderPlan(p)}`);
        return undefined;
      }),
    );

  rollouts
    .command('suggest')
    .description('the template the playbook suggests for a flag’s risk, and why')
    .argument('<flag>', 'the flag key')
    .addOption(new Option('--risk <level>', 'the change’s risk').choices(RISK_LEVELS))
    .option(
      '--factors <factors>',
      'risk factors, comma-separated (database, payments, ui_only, …)',
      parse.list,
    )
    .action(
      act(
        async (context, options: { risk?: 'high' | 'medium' | 'low'; factors?: string[] }, flag: string) => {
          const query = defined({ flag, level: options.risk, factors: options.factors?.join(',') });
          const suggestion = await unwrap(
            context.api().GET('/api/v1/rollouts/suggestion', { params: { query: { ...query, flag } } }),
          );
          context.output.result(suggestion, renderSuggestion);
          return undefined;
        },
      ),
    );
}

/**
 * The id a `<rollout>` argument names: itself when it is an id, else the newest rollout of that flag
 * (in `--env`) whose status is one of `statuses`.
 */
async function resolveRollout(
  api: ApiClient,
  ref: string,
  env: string | undefined,
  statuses: Status[],
): Promise<string> {
  if (/^ro_/.test(ref)) return ref;
  const { items } = await unwrap(
    api.GET('/api/v1/rollouts', {
      params: { query: { flag: ref, limit: 200, ...(env ? { environment: env } : {}) } },
    }),
  );
  const candidates = items.filter((plan) => statuses.includes(plan.status));
  const environments = new Set(candidates.map((plan) => plan.environment));
  if (environments.size > 1) {
    throw usage(`${ref} has rollouts in ${[...environments].join(' and ')}: add --env <env>`);
  }
  const [newest] = candidates;
  if (!newest) {
    const where = env ? ` in ${env}` : '';
    const which = statuses.length === 4 ? '' : `${statuses.join(' or ').replace(/_/g, ' ')} `;
    throw new CliError(EXIT.notFound, `no ${which}rollout of ${ref}${where}`, 'NOT_FOUND');
  }
  return newest.id;
}
