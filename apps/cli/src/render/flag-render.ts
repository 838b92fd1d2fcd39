import type { components, Flag } from '@flagstaff/api-client';
import type { LifecycleStage } from '../lifecycle-api.ts';
import { table } from '../output.ts';

type Serve = components['schemas']['Serve'];
type Condition = components['schemas']['Condition'];
type Rule = components['schemas']['Rule'];

/** `"on"`, `on 10%`, `control 50% / treatment 50%`, `split 10%: control 50% / treatment 50%`. */
export function describeServe(serve: Serve): string {
  const what = serve.split
    ? serve.split.map((arm) => `${arm.variant} ${arm.weight}%`).join(' / ')
    : (serve.variant ?? '?');
  const gate = serve.percentage !== undefined && serve.percentage < 100 ? ` to ${serve.percentage}%` : '';
  const sticky = serve.stickiness ? ` (by ${serve.stickiness})` : '';
  return `${what}${gate}${sticky}`;
}

/** `userId in [u1, u2]`, `not plan eq "free"`, `in segment internal_users`. */
export function describeCondition(condition: Condition): string {
  const not = condition.negate ? 'not ' : '';
  switch (condition.op) {
    case 'segment':
      return `${not}in segment ${condition.segments.join(' or ')}`;
    case 'flag':
      return `${not}flag ${condition.flag} serves ${condition.variants.join(' or ')}`;
    case 'present':
    case 'absent':
      return `${not}${condition.attribute} ${condition.op}`;
    default: {
      const operand =
        'values' in condition ? `[${condition.values.join(', ')}]` : JSON.stringify(condition.value);
      return `${not}${condition.attribute} ${condition.op} ${operand}`;
    }
  }
}

/** `when userId in [u1] and in segment beta → serve on to 10%`. */
export function describeRule(rule: Rule): string {
  const when = rule.conditions.length === 0 ? 'always' : rule.conditions.map(describeCondition).join(' and ');
  const name = rule.description ? `${rule.description}: ` : '';
  return `${name}when ${when} → serve ${describeServe(rule.serve)}`;
}

/** `canary since 2026-11-30`. */
function describeStage(stage: LifecycleStage | undefined): string {
  if (!stage) return '-';
  return stage.since
    ? `${stage.stage.replace(/_/g, ' ')} since ${stage.since.slice(0, 10)}`
    : stage.stage.replace(/_/g, ' ');
}

/** A flag for people: its definition, then one line per environment and its rules. */
export function renderFlag(flag: Flag): string {
  const lines = [
    `${flag.key}  (${flag.type}, ${flag.state}, version ${flag.version})`,
    ...(flag.name && flag.name !== flag.key ? [`name:        ${flag.name}`] : []),
    ...(flag.description ? [`description: ${flag.description}`] : []),
    `owner:       ${flag.owner ?? '-'}`,
    `expires:     ${flag.expiresAt ?? 'never'}`,
    ...(flag.tags.length > 0 ? [`tags:        ${flag.tags.join(', ')}`] : []),
    `variants:    ${flag.variants.map((v) => `${v.key} = ${JSON.stringify(v.value)}`).join(', ')}`,
    '',
  ];
  const environments = Object.entries(flag.environments);
  const lifecycle = flag.lifecycle;
  lines.push(
    table(
      ['ENVIRONMENT', 'ENABLED', 'SERVES', 'RULES', 'OFF VARIANT', 'CLIENT', ...(lifecycle ? ['STAGE'] : [])],
      environments.map(([env, state]) => [
        env,
        state.enabled ? 'on' : 'off',
        describeServe(state.fallthrough),
        state.rules.length,
        state.offVariant,
        state.clientVisible ? 'visible' : 'hidden',
        ...(lifecycle ? [describeStage(lifecycle[env])] : []),
      ]),
    ),
  );
  for (const [env, state] of environments) {
    if (state.rules.length === 0) continue;
    lines.push('', `rules in ${env}:`);
    state.rules.forEach((rule, index) => {
      lines.push(`  ${index + 1}. ${describeRule(rule)}`);
    });
  }
  return lines.join('\n');
}

/** The flags as a table; with an environment, each one's lifecycle stage there. */
export function renderFlagList(flags: Flag[], environment?: string): string {
  if (flags.length === 0) return 'no flags';
  return table(
    [
      'KEY',
      'TYPE',
      'OWNER',
      'STATE',
      'EXPIRES',
      'VERSION',
      ...(environment ? [`STAGE (${environment})`] : []),
    ],
    flags.map((flag) => [
      flag.key,
      flag.type,
      flag.owner,
      flag.state,
      flag.expiresAt?.slice(0, 10),
      flag.version,
      ...(environment ? [describeStage(flag.lifecycle?.[environment])] : []),
    ]),
  );
}

/** What changed between two JSON documents, as dotted paths (`environments.production.enabled`). */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(all)'];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
