import type { components, Explanation, Flag } from '@flagstaff/api-client';
import type { Command } from 'commander';
import { unwrap } from '../api.ts';
import { parse } from '../input.ts';
import type { Act } from '../program.ts';
import { describeRule, describeServe } from '../render/flag-render.ts';

type JsonValue = components['schemas']['JsonValueInput'];

interface ExplainOptions {
  env: string;
  context: Record<string, unknown>;
}

/** `flagstaff explain <flag> --env <env> --context '{…}'`: what a context gets, and why. */
export function registerExplain(program: Command, act: Act): void {
  program
    .command('explain')
    .description(
      'what a context gets from a flag in an environment, and why (the rule, the bucket, the gate)',
    )
    .argument('<flag>', 'the flag key')
    .requiredOption('--env <env>', 'the environment')
    .requiredOption(
      '--context <json>',
      'the evaluation context, e.g. \'{"userId":"u1","plan":"pro"}\'',
      parse.jsonObject,
    )
    .action(
      act(async (context, options: ExplainOptions, key: string) => {
        const api = context.api();
        const [explanation, flag] = await Promise.all([
          unwrap(
            api.POST('/api/v1/flags/{key}/explain', {
              params: { path: { key } },
              // Parsed from JSON text, so every value is a JSON value.
              body: { environment: options.env, context: options.context as Record<string, JsonValue> },
            }),
          ),
          unwrap(api.GET('/api/v1/flags/{key}', { params: { path: { key } } })),
        ]);
        context.output.result(explanation, (e) => renderExplanation(e, flag, options.context));
        return undefined;
      }),
    );
}

const percent = (bucket: number) => `${(bucket / 1000).toFixed(3).replace(/\.?0+$/, '')}%`;

export function renderExplanation(
  explanation: Explanation,
  flag: Flag,
  context: Record<string, unknown>,
): string {
  const { evaluation } = explanation;
  const state = flag.environments[explanation.environment];
  const served =
    evaluation.variant === undefined
      ? JSON.stringify(evaluation.value)
      : `${evaluation.variant} (${JSON.stringify(evaluation.value)})`;
  const lines = [
    `${explanation.flag} in ${explanation.environment} (version ${explanation.flagVersion}) for ${JSON.stringify(context)}`,
    `serves:  ${served}`,
    ...because(explanation, state).map((line, index) => `${index === 0 ? 'because:' : '        '} ${line}`),
  ];
  if (evaluation.splitBucket !== undefined && evaluation.splitBucket >= 0) {
    lines.push(
      `split:   bucket ${percent(evaluation.splitBucket)} of the weighted split chose ${evaluation.variant}`,
    );
  }
  if (explanation.archived) lines.push('note:    the flag is archived: SDKs no longer receive it');
  return lines.join('\n');
}

function because(explanation: Explanation, state: Flag['environments'][string] | undefined): string[] {
  const { evaluation } = explanation;
  const rules = state?.rules.length ?? 0;
  const bucket = evaluation.bucket !== undefined && evaluation.bucket >= 0 ? evaluation.bucket : undefined;
  const fallthrough = state ? describeServe(state.fallthrough) : 'its default';
  const gate = state?.fallthrough.percentage;
  switch (evaluation.reason) {
    case 'DISABLED':
      return [`the flag is off in ${explanation.environment}: everyone gets the off variant`];
    case 'RULE_MATCH': {
      const rule = explanation.matchedRule;
      const number = (evaluation.ruleIndex ?? 0) + 1;
      return [
        `rule ${number} of ${rules} matched${evaluation.ruleId ? ` (${evaluation.ruleId})` : ''}`,
        ...(rule ? [describeRule(rule)] : []),
        ...(bucket !== undefined
          ? [`bucket ${percent(bucket)} is inside the rule's ${rule?.serve.percentage}% gate`]
          : []),
      ];
    }
    case 'ROLLOUT':
      return [
        `${noRule(rules)}: the default rollout serves ${fallthrough}`,
        ...(bucket !== undefined ? [`bucket ${percent(bucket)} is inside the ${gate ?? 100}% gate`] : []),
      ];
    case 'DEFAULT':
      return bucket !== undefined
        ? [
            `${noRule(rules)}, and bucket ${percent(bucket)} is outside the default rollout (${fallthrough})`,
            'so it gets the off variant',
          ]
        : [`${noRule(rules)}: the default serves ${fallthrough}`];
    case 'ERROR':
      return [
        `the evaluation failed: ${evaluation.errorCode ?? 'GENERAL'}: ${evaluation.errorMessage ?? ''}`.trim(),
      ];
    default: {
      const unknown: never = evaluation.reason;
      return [`reason ${String(unknown)}`];
    }
  }
}

function noRule(rules: number): string {
  return rules === 0 ? 'no targeting rules' : `none of the ${rules} rules matched`;
}
