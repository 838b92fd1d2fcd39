import { randomBytes } from 'node:crypto';
import type { Rule, Serve, Variant } from '@flagstaff/evaluator';
import { ValidationError } from '../errors.ts';
import {
  DEFAULT_VARIANTS,
  defaultEnvironmentState,
  type EnvironmentState,
  type FlagDocument,
} from './flag-document.ts';
import type { CreateFlagInput, EnvironmentStatePatch, UpdateFlagInput } from './flag-schemas.ts';

/** zod outputs carry `undefined` for absent optionals; the model wants them absent. */
function compact<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function newRuleId(): string {
  return `r_${randomBytes(4).toString('hex')}`;
}

export function newSalt(): string {
  return randomBytes(12).toString('base64url');
}

function applyStatePatch(state: EnvironmentState, patch: EnvironmentStatePatch): EnvironmentState {
  const next = { ...state };
  if (patch.enabled !== undefined) next.enabled = patch.enabled;
  if (patch.offVariant !== undefined) next.offVariant = patch.offVariant;
  if (patch.clientVisible !== undefined) next.clientVisible = patch.clientVisible;
  if (patch.fallthrough !== undefined) next.fallthrough = compact<Serve>(patch.fallthrough);
  if (patch.rules !== undefined) {
    next.rules = patch.rules.map((rule) => compact<Rule>({ ...rule, id: rule.id ?? newRuleId() }));
  }
  return next;
}

function applyEnvironmentPatches(
  flag: FlagDocument,
  patches: Record<string, EnvironmentStatePatch> | undefined,
  environmentKeys: string[],
): Record<string, EnvironmentState> {
  const environments = { ...flag.environments };
  const unknown = Object.keys(patches ?? {}).filter((env) => !environmentKeys.includes(env));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((env) => ({ path: ['environments', env], message: `there is no environment ${env}` })),
    );
  }
  for (const [env, patch] of Object.entries(patches ?? {})) {
    const current = environments[env] ?? defaultEnvironmentState(flag.variants);
    environments[env] = applyStatePatch(current, patch);
  }
  return environments;
}

export function newFlagDocument(input: CreateFlagInput, environmentKeys: string[], now: Date): FlagDocument {
  const variants = input.variants ? compact<Variant[]>(input.variants) : DEFAULT_VARIANTS;
  const base: FlagDocument = {
    key: input.key,
    name: input.name ?? input.key,
    description: input.description ?? '',
    type: input.type,
    owner: input.owner ?? null,
    tags: input.tags ?? [],
    variants,
    salt: newSalt(),
    archived: false,
    createdAt: now.toISOString(),
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    environments: Object.fromEntries(environmentKeys.map((env) => [env, defaultEnvironmentState(variants)])),
  };
  return { ...base, environments: applyEnvironmentPatches(base, input.environments, environmentKeys) };
}

export function applyFlagUpdate(
  flag: FlagDocument,
  input: UpdateFlagInput,
  environmentKeys: string[],
): FlagDocument {
  const next: FlagDocument = { ...flag };
  if (input.name !== undefined) next.name = input.name;
  if (input.description !== undefined) next.description = input.description;
  if (input.type !== undefined) next.type = input.type;
  if (input.owner !== undefined) next.owner = input.owner;
  if (input.tags !== undefined) next.tags = input.tags;
  if (input.variants !== undefined) next.variants = compact<Variant[]>(input.variants);
  if (input.expiresAt !== undefined) {
    next.expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt).toISOString();
  }
  next.environments = applyEnvironmentPatches(next, input.environments, environmentKeys);
  return next;
}
