import type { components, Flag } from '@flagstaff/api-client';
import type { Path, PathIssues } from './path-issues.ts';
import {
  isRecord,
  KEY,
  optionalBoolean,
  optionalString,
  readPercent,
  sameJson,
  unknownFields,
} from './yaml-values.ts';

type EnvironmentState = components['schemas']['EnvironmentState'];
type Rule = components['schemas']['Rule'];
type Serve = components['schemas']['Serve'];
type Variant = Flag['variants'][number];
type JsonValue = components['schemas']['JsonValue'];

// A flag's state in one environment as the file says it: the playbook's fields and `rules`.

export const ENVIRONMENT_FIELDS = ['enabled', 'default', 'rollout', 'targeting', 'rules', 'clientVisible'];
const ROLLOUT_FIELDS = ['percentage', 'sticky', 'stickiness', 'variant', 'split'];

export function rulePaths(value: Record<string, unknown>, path: Path): Path[] {
  const count = (field: string) => (Array.isArray(value[field]) ? (value[field] as unknown[]).length : 0);
  return [
    ...Array.from({ length: count('targeting') }, (_, index): Path => [...path, 'targeting', index]),
    ...Array.from({ length: count('rules') }, (_, index): Path => [...path, 'rules', index]),
  ];
}

/** The variant a boolean flag's rollout and targeting serve: the one whose value is `true`. */
function onVariantOf(variants: Variant[]): string | undefined {
  return variants.find((variant) => variant.value === true)?.key;
}

export function readEnvironment(
  value: Record<string, unknown>,
  path: Path,
  flag: { variants: Variant[] },
  issues: PathIssues,
): EnvironmentState {
  const at = (field: string): Path => [...path, field];
  const variantKeys = flag.variants.map((variant) => variant.key);
  let offVariant = defaultOffVariant(flag.variants);
  if (value.default !== undefined) {
    const match = flag.variants.find((variant) => sameJson(variant.value, value.default as JsonValue));
    if (match) offVariant = match.key;
    else issues.add(at('default'), `is not the value of any variant (${variantKeys.join(', ')})`);
  }
  const onVariant = onVariantOf(flag.variants);
  const targeting = readTargeting(value.targeting, at('targeting'), onVariant, issues);
  const rules = readRules(value.rules, at('rules'), issues);
  return {
    enabled: optionalBoolean(value.enabled, at('enabled'), issues) ?? false,
    offVariant,
    rules: [...targeting, ...rules],
    fallthrough: readRollout(value.rollout, at('rollout'), offVariant, onVariant, issues),
    clientVisible: optionalBoolean(value.clientVisible, at('clientVisible'), issues) ?? false,
  };
}

function readRollout(
  value: unknown,
  path: Path,
  offVariant: string,
  onVariant: string | undefined,
  issues: PathIssues,
): Serve {
  if (value === undefined || value === null) return { variant: offVariant };
  if (!isRecord(value)) {
    issues.add(path, 'must be a mapping: { percentage, sticky, variant, split, stickiness }');
    return { variant: offVariant };
  }
  unknownFields(value, path, ROLLOUT_FIELDS, issues);
  const at = (field: string): Path => [...path, field];
  if (value.sticky !== undefined && value.sticky !== true) {
    issues.add(
      at('sticky'),
      'Flagstaff rollouts are always sticky (a unit keeps its bucket): leave it out or set true',
    );
  }
  const serve: Serve = {};
  if (value.split !== undefined) {
    if (!isRecord(value.split) || Object.keys(value.split).length === 0) {
      issues.add(at('split'), 'must map variant keys to weights, e.g. { control: 50, treatment: 50 }');
    } else {
      serve.split = Object.entries(value.split).map(([variant, weight]) => {
        if (typeof weight !== 'number') issues.add([...path, 'split', variant], 'must be a number');
        return { variant, weight: weight as number };
      });
    }
    if (value.variant !== undefined) issues.add(at('variant'), 'give either variant or split, not both');
  } else {
    const variant = optionalString(value.variant, at('variant'), issues) ?? onVariant;
    if (variant === undefined) {
      issues.add(
        path,
        'names no variant: give `variant:` or `split:` (only a boolean flag has an obvious one)',
      );
    } else {
      serve.variant = variant;
    }
  }
  const percentage = readPercent(value.percentage, at('percentage'), issues);
  if (percentage !== undefined && percentage !== 100) serve.percentage = percentage;
  const stickiness = optionalString(value.stickiness, at('stickiness'), issues);
  if (stickiness !== undefined) serve.stickiness = stickiness;
  return serve;
}

/**
 * `targeting:` entries, the playbook's `- internal_users: 100%`, or the long form
 * `- segment: internal_users` with `percent:` and `variant:`: each is a rule serving the flag's on
 * variant (or `variant`) to that percentage of the segment.
 */
function readTargeting(
  value: unknown,
  path: Path,
  onVariant: string | undefined,
  issues: PathIssues,
): Rule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list like `- internal_users: 100%`');
    return [];
  }
  return value.flatMap((entry, index): Rule[] => {
    const at: Path = [...path, index];
    if (!isRecord(entry)) {
      issues.add(at, 'must be `<segment>: <percent>%` or { segment, percent, variant }');
      return [];
    }
    let segment: unknown;
    let percent: unknown;
    let variant: unknown = onVariant;
    if ('segment' in entry) {
      unknownFields(entry, at, ['segment', 'percent', 'variant'], issues);
      segment = entry.segment;
      percent = entry.percent ?? 100;
      variant = entry.variant ?? onVariant;
    } else {
      const pairs = Object.entries(entry);
      if (pairs.length !== 1) {
        issues.add(at, 'must name one segment: `- internal_users: 100%`');
        return [];
      }
      [[segment, percent]] = pairs as [[string, unknown]];
    }
    if (typeof segment !== 'string' || !KEY.test(segment)) {
      issues.add(at, 'must name a segment key');
      return [];
    }
    if (typeof variant !== 'string') {
      issues.add(at, 'names no variant: use the long form with `variant:` for a flag that is not boolean');
      return [];
    }
    const percentage = readPercent(
      percent,
      'segment' in entry ? [...at, 'percent'] : [...at, segment],
      issues,
    );
    const serve: Serve = { variant };
    if (percentage !== undefined && percentage !== 100) serve.percentage = percentage;
    return [{ conditions: [{ op: 'segment', segments: [segment] }], serve }];
  });
}

/** `rules:` in the API's own shape (conditions, serve, description); checked in full before applying. */
function readRules(value: unknown, path: Path, issues: PathIssues): Rule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list of rules: { conditions: [...], serve: {...} }');
    return [];
  }
  return value.flatMap((rule, index): Rule[] => {
    const at: Path = [...path, index];
    if (!isRecord(rule) || !Array.isArray(rule.conditions) || !isRecord(rule.serve)) {
      issues.add(at, 'must be a rule: { conditions: [...], serve: {...} }');
      return [];
    }
    unknownFields(rule, at, ['id', 'description', 'conditions', 'serve'], issues);
    const { id: _id, ...withoutId } = rule;
    return [withoutId as unknown as Rule];
  });
}

export function defaultOffVariant(variants: Variant[]): string {
  return (
    (variants.find((v) => v.key === 'off') ?? variants.find((v) => v.value === false) ?? variants[0])?.key ??
    'off'
  );
}
