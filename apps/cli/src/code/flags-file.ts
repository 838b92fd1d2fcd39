import type { components, Flag } from '@flagstaff/api-client';
import { isMap, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { ENVIRONMENT_FIELDS, readEnvironment, rulePaths } from './environment-yaml.ts';
import { type Path, PathIssues } from './path-issues.ts';
import {
  isRecord,
  KEY,
  optionalBoolean,
  optionalString,
  readExpiry,
  readTags,
  unknownFields,
} from './yaml-values.ts';

type EnvironmentState = components['schemas']['EnvironmentState'];
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
const DEFAULT_VARIANTS: Variant[] = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];
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

/** `variants: { on: true, off: false }`, a mapping of variant keys to values, in order. */
function readVariants(value: unknown, path: Path, issues: PathIssues): Variant[] {
  if (value === undefined || value === null) return DEFAULT_VARIANTS;
  if (!isRecord(value) || Object.keys(value).length === 0) {
    issues.add(path, 'must map variant keys to values, e.g. { control: "blue", treatment: "green" }');
    return DEFAULT_VARIANTS;
  }
  return Object.entries(value).map(([key, variantValue]) => ({ key, value: variantValue as JsonValue }));
}
