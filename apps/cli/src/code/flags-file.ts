import type { components, Flag } from '@flagstaff/api-client';
import { isMap, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { type Path, PathIssues } from './path-issues.ts';

type EnvironmentState = components['schemas']['EnvironmentState'];
type Rule = components['schemas']['Rule'];
type Serve = components['schemas']['Serve'];
type Variant = Flag['variants'][number];
type JsonValue = components['schemas']['JsonValue'];
export type FlagType = Flag['type'];

/** A flag as the file declares it, in the API's terms: what `apply` makes the server hold. */
export interface ManagedFlag {
  key: string;
  name: string;
  description: string;
  type: FlagType;
  owner: string | null;
  expiresAt: string | null;
  tags: string[];
  variants: Variant[];
  archived: boolean;
  /** The environments the file manages for this flag (others are left as they are). */
  environments: Record<string, EnvironmentState>;
  /** Where the flag and each of its environments are in the file, for messages. */
  path: Path;
  environmentPaths: Record<string, Path>;
  /** Where each environment's rules come from: a `targeting:` entry or a `rules:` entry. */
  rulePaths: Record<string, Path[]>;
}

export interface FlagsFile {
  flags: ManagedFlag[];
  issues: PathIssues;
}

const FLAG_TYPES: readonly FlagType[] = ['release', 'experiment', 'ops', 'permission'];
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const DEFAULT_VARIANTS: Variant[] = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];
const ENVIRONMENT_FIELDS = ['enabled', 'default', 'rollout', 'targeting', 'rules', 'clientVisible'];
const FLAG_FIELDS = [
  'name',
  'description',
  'type',
  'owner',
  'created',
  'expires',
  'tags',
  'variants',
  'archived',
  'environments',
  ...ENVIRONMENT_FIELDS,
];
const ROLLOUT_FIELDS = ['percentage', 'sticky', 'stickiness', 'variant', 'split'];

/**
 * Reads a flags-as-code file: YAML errors and every shape problem become issues with a line and a
 * column (nothing is thrown), so that a file is refused as a whole before anything is applied.
 * `environment` (from `--env`) names the environment the flag-level `default`/`rollout`/`targeting`…
 * describe when the file has no top-level `environment:`.
 */
export function readFlagsFile(text: string, environment?: string): FlagsFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (path: Path, at: 'key' | 'value') => {
    if (at === 'key' && path.length > 0) {
      const parent = document.getIn(path.slice(0, -1), true);
      const pair = isMap(parent)
        ? parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1))
        : undefined;
      const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset);
    }
    // The nearest node that exists along the path (a missing field is reported at its parent).
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length), true) as Node | undefined;
      const offset = node?.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset);
    }
    return { line: 1, col: 1 };
  };
  const issues = new PathIssues(locate);
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    issues.addAt(line, col, error.message.split('\n')[0] ?? error.message);
  }
  if (issues.count > 0) return { flags: [], issues };

  const root: unknown = document.toJS({ maxAliasCount: 100 });
  const contents = document.contents;
  if (!isMap(contents) || !isRecord(root)) {
    issues.add([], 'the file must be a YAML mapping with `feature_flags:`');
    return { flags: [], issues };
  }
  unknownFields(root, [], ['feature_flags', 'environment'], issues);
  const fileEnvironment = root.environment ?? environment;
  if (fileEnvironment !== undefined && (typeof fileEnvironment !== 'string' || !KEY.test(fileEnvironment))) {
    issues.add(['environment'], 'must be an environment key');
  }
  if (typeof root.environment === 'string' && environment !== undefined && root.environment !== environment) {
    issues.add(['environment'], `says ${root.environment}, but --env says ${environment}`);
  }
  const flagsNode = (contents as YAMLMap).get('feature_flags', true);
  if (!isMap(flagsNode) && !(root.feature_flags === null || root.feature_flags === undefined)) {
    issues.add(['feature_flags'], 'must be a mapping of flag keys to flags');
    return { flags: [], issues };
  }
  const entries = isRecord(root.feature_flags) ? Object.entries(root.feature_flags) : [];
  const flags = entries.flatMap(([key, value]) => {
    const flag = readFlag(key, value, ['feature_flags', key], fileEnvironment as string | undefined, issues);
    return flag ? [flag] : [];
  });
  return { flags, issues };
}

function readFlag(
  key: string,
  value: unknown,
  path: Path,
  fileEnvironment: string | undefined,
  issues: PathIssues,
): ManagedFlag | undefined {
  if (!KEY.test(key)) issues.add(path, `flag key ${key} must be 1 to 128 letters, digits, _, . or -`);
  if (!isRecord(value)) {
    issues.add(path, `flag ${key} must be a mapping of its fields`);
    return undefined;
  }
  unknownFields(value, path, FLAG_FIELDS, issues);
  const at = (field: string): Path => [...path, field];
  const type = value.type ?? 'release';
  if (!FLAG_TYPES.includes(type as FlagType))
    issues.add(at('type'), `must be one of ${FLAG_TYPES.join(', ')}`);
  const variants = readVariants(value.variants, at('variants'), issues);
  const flag: ManagedFlag = {
    key,
    name: optionalString(value.name, at('name'), issues) ?? key,
    description: optionalString(value.description, at('description'), issues) ?? '',
    type: type as FlagType,
    owner: optionalString(value.owner, at('owner'), issues) ?? null,
    expiresAt: readExpiry(value.expires, at('expires'), issues),
    tags: readTags(value.tags, at('tags'), issues),
    variants,
    archived: optionalBoolean(value.archived, at('archived'), issues) ?? false,
    environments: {},
    path,
    environmentPaths: {},
    rulePaths: {},
  };
  const flagLevel = ENVIRONMENT_FIELDS.filter((field) => value[field] !== undefined);
  if (flagLevel.length > 0) {
    if (fileEnvironment === undefined) {
      issues.add(
        at(flagLevel[0] as string),
        'names no environment: put `environment: <env>` at the top of the file, pass --env, or move it under `environments:`',
        'key',
      );
    } else {
      flag.environments[fileEnvironment] = readEnvironment(value, path, flag, issues);
      flag.environmentPaths[fileEnvironment] = path;
      flag.rulePaths[fileEnvironment] = rulePaths(value, path);
    }
  }
  if (value.environments !== undefined) {
    if (!isRecord(value.environments)) {
      issues.add(at('environments'), 'must be a mapping of environment keys to their state');
    } else {
      for (const [env, state] of Object.entries(value.environments)) {
        const envPath = [...path, 'environments', env];
        if (flag.environments[env]) {
          issues.add(envPath, `environment ${env} is also described at the flag's level`);
          continue;
        }
        if (!isRecord(state)) {
          issues.add(envPath, `must be a mapping of ${ENVIRONMENT_FIELDS.join(', ')}`);
          continue;
        }
        unknownFields(state, envPath, ENVIRONMENT_FIELDS, issues);
        flag.environments[env] = readEnvironment(state, envPath, flag, issues);
        flag.environmentPaths[env] = envPath;
        flag.rulePaths[env] = rulePaths(state, envPath);
      }
    }
  }
  return flag;
}

function rulePaths(value: Record<string, unknown>, path: Path): Path[] {
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

function readEnvironment(
  value: Record<string, unknown>,
  path: Path,
  flag: Pick<ManagedFlag, 'variants'>,
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

/** `10`, `10%`, `0.5`, `"12.5%"`: a percentage from 0 to 100 with at most three decimals. */
function readPercent(value: unknown, path: Path, issues: PathIssues): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' ? Number(value.trim().replace(/%$/, '')) : value;
  if (
    typeof number !== 'number' ||
    !Number.isFinite(number) ||
    number < 0 ||
    number > 100 ||
    Math.round(number * 1000) !== number * 1000
  ) {
    issues.add(path, 'must be a percentage from 0 to 100 with at most three decimals (10, 12.5 or "12.5%")');
    return undefined;
  }
  return number;
}

/** `variants: { on: true, off: false }`, a mapping of variant keys to values, in order. */
function readVariants(value: unknown, path: Path, issues: PathIssues): Variant[] {
  if (value === undefined || value === null) return DEFAULT_VARIANTS;
  if (!isRecord(value) || Object.keys(value).length === 0) {
    issues.add(path, 'must map variant keys to values, e.g. { control: "blue", treatment: "green" }');
    return DEFAULT_VARIANTS;
  }
  return Object.entries(value).map(([key, variantValue]) => ({ key, value: variantValue as JsonValue }));
}

function readExpiry(value: unknown, path: Path, issues: PathIssues): string | null {
  if (value === undefined || value === null) return null;
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== 'string' || Number.isNaN(Date.parse(text))) {
    issues.add(path, 'must be a date (2026-03-15) or an ISO date-time');
    return null;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : new Date(text).toISOString();
}

function readTags(value: unknown, path: Path, issues: PathIssues): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) {
    issues.add(path, 'must be a list of strings');
    return [];
  }
  return value as string[];
}

function optionalString(value: unknown, path: Path, issues: PathIssues): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.add(path, 'must be a string');
    return undefined;
  }
  return value;
}

function optionalBoolean(value: unknown, path: Path, issues: PathIssues): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    issues.add(path, 'must be true or false');
    return undefined;
  }
  return value;
}

function unknownFields(value: Record<string, unknown>, path: Path, known: string[], issues: PathIssues) {
  for (const field of Object.keys(value)) {
    if (!known.includes(field)) {
      issues.add([...path, field], `unknown field ${field} (known: ${known.join(', ')})`, 'key');
    }
  }
}

export function defaultOffVariant(variants: Variant[]): string {
  return (
    (variants.find((v) => v.key === 'off') ?? variants.find((v) => v.value === false) ?? variants[0])?.key ??
    'off'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON equality with object keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
