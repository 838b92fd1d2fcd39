import type { components, Flag } from '@flagstaff/api-client';
import { stringify } from 'yaml';
import { canonical } from './yaml-values.ts';

type EnvironmentState = components['schemas']['EnvironmentState'];
type Rule = components['schemas']['Rule'];
type Serve = components['schemas']['Serve'];

const DEFAULT_VARIANTS = canonical([
  { key: 'on', value: true },
  { key: 'off', value: false },
]);

/**
 * The flags as a flags-as-code file. With one environment, the playbook's shape: the file says
 * `environment:` and each flag carries that environment's `enabled`, `default`, `rollout` and
 * `targeting` at its own level. With several (or all), each flag has `environments: { <env>: … }`.
 * Whatever the playbook's fields cannot say (a split, attribute conditions, a rule's description)
 * is written as `rules:` in the API's shape, so that applying the file changes nothing.
 */
export function renderFlagsFile(flags: Flag[], environments: string[], single: boolean): string {
  const sorted = [...flags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const entries = sorted.map((flag) => [flag.key, flagEntry(flag, environments, single)] as const);
  const header =
    '# Flags as code for Flagstaff (`flagstaff apply -f <file>`). Fields: apps/cli/README.md, "Flags as code".\n';
  const body = {
    ...(single ? { environment: environments[0] } : {}),
    feature_flags: Object.fromEntries(entries),
  };
  return `${header}${stringify(body, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

function flagEntry(flag: Flag, environments: string[], single: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (flag.name !== flag.key) entry.name = flag.name;
  if (flag.description !== '') entry.description = flag.description;
  entry.type = flag.type;
  if (flag.owner !== null) entry.owner = flag.owner;
  entry.created = flag.createdAt.slice(0, 10);
  if (flag.expiresAt !== null) entry.expires = dateOrTime(flag.expiresAt);
  if (flag.tags.length > 0) entry.tags = flag.tags;
  if (canonical(flag.variants) !== DEFAULT_VARIANTS) {
    entry.variants = Object.fromEntries(flag.variants.map((variant) => [variant.key, variant.value]));
  }
  if (flag.archived) entry.archived = true;
  const states = environments.flatMap((env) => {
    const state = flag.environments[env];
    return state ? [[env, environmentEntry(flag, state)] as const] : [];
  });
  if (single) Object.assign(entry, states[0]?.[1] ?? {});
  else entry.environments = Object.fromEntries(states);
  return entry;
}

function environmentEntry(flag: Flag, state: EnvironmentState): Record<string, unknown> {
  const onVariant = flag.variants.find((variant) => variant.value === true)?.key;
  const entry: Record<string, unknown> = { enabled: state.enabled };
  // `default` is the off variant's value (what everyone else gets); read back, the first variant with it.
  entry.default = flag.variants.find((variant) => variant.key === state.offVariant)?.value ?? null;
  const rollout = rolloutEntry(state.fallthrough, state.offVariant, onVariant);
  if (rollout) entry.rollout = rollout;
  const targetingCount = leadingTargeting(state.rules);
  if (targetingCount > 0) {
    entry.targeting = state.rules.slice(0, targetingCount).map((rule) => targetingEntry(rule, onVariant));
  }
  if (state.rules.length > targetingCount) {
    entry.rules = state.rules.slice(targetingCount).map(({ id: _id, ...rule }) => rule);
  }
  if (state.clientVisible) entry.clientVisible = true;
  return entry;
}

/** No `rollout:` when the fallthrough serves the off variant to everyone (the state a flag starts in). */
function rolloutEntry(serve: Serve, offVariant: string, onVariant: string | undefined) {
  const percentage = serve.percentage ?? 100;
  if (serve.variant === offVariant && percentage === 100 && serve.stickiness === undefined && !serve.split) {
    return undefined;
  }
  const rollout: Record<string, unknown> = { percentage, sticky: true };
  if (serve.split) rollout.split = Object.fromEntries(serve.split.map((arm) => [arm.variant, arm.weight]));
  else if (serve.variant !== onVariant) rollout.variant = serve.variant;
  if (serve.stickiness !== undefined) rollout.stickiness = serve.stickiness;
  return rollout;
}

/** How many rules, from the first, the playbook's `targeting:` can say: one segment, a variant, a percentage. */
function leadingTargeting(rules: Rule[]): number {
  const index = rules.findIndex((rule) => !isTargeting(rule));
  return index === -1 ? rules.length : index;
}

function isTargeting(rule: Rule): boolean {
  const [condition, ...more] = rule.conditions;
  const serveKeys = Object.keys(rule.serve).filter((key) => key !== 'variant' && key !== 'percentage');
  return (
    more.length === 0 &&
    condition !== undefined &&
    canonical(Object.keys(condition).sort()) === canonical(['op', 'segments']) &&
    condition.op === 'segment' &&
    (condition as { segments: string[] }).segments.length === 1 &&
    rule.description === undefined &&
    rule.serve.variant !== undefined &&
    serveKeys.length === 0
  );
}

function targetingEntry(rule: Rule, onVariant: string | undefined): Record<string, unknown> {
  const segment = (rule.conditions[0] as { segments: string[] }).segments[0] as string;
  const percent = rule.serve.percentage ?? 100;
  // The short form cannot name a segment called like a field of the long one.
  if (rule.serve.variant === onVariant && !['segment', 'percent', 'variant'].includes(segment)) {
    return { [segment]: `${percent}%` };
  }
  return { segment, percent, variant: rule.serve.variant };
}

function dateOrTime(iso: string): string {
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
