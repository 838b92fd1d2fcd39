import type { Flag } from '@flagstaff/api-client';
import { GENERATED_MARKER } from './references.ts';

export type Sdk = 'node' | 'browser';

/** The TypeScript type of what a flag serves, from its variants' values (mixed types: any JSON). */
export function valueTypeOf(flag: Pick<Flag, 'variants'>): 'boolean' | 'string' | 'number' | 'JsonValue' {
  const types = new Set(flag.variants.map((variant) => typeof variant.value));
  if (types.size !== 1) return 'JsonValue';
  const [only] = types;
  return only === 'boolean' || only === 'string' || only === 'number' ? only : 'JsonValue';
}

/** The flags a module for `environment` lists: not archived; for the browser, the client-visible ones. */
export function flagsFor(flags: Flag[], environment: string, sdk: Sdk): Flag[] {
  return flags
    .filter((flag) => !flag.archived)
    .filter((flag) => sdk === 'node' || flag.environments[environment]?.clientVisible === true)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const SDK_IMPORT: Record<Sdk, { module: string; client: string }> = {
  node: { module: '@flagstaff/node', client: 'FlagstaffClient' },
  browser: { module: '@flagstaff/browser', client: 'FlagstaffBrowserClient' },
};

function docComment(flag: Flag): string {
  const about = [flag.description || flag.name, `${flag.type}`, flag.owner ? `owner ${flag.owner}` : '']
    .concat(flag.expiresAt ? [`expires ${flag.expiresAt.slice(0, 10)}`] : [])
    .filter((part) => part !== '')
    .join(' · ')
    .replaceAll('*/', '*\\/');
  return `  /** ${about} */`;
}

/**
 * A module that types an SDK client for one environment's flags: a mistyped key, a getter of the
 * wrong type (`isEnabled` on a string flag) or a default of the wrong type is a compile error. It
 * imports only types; `typed(client)` returns the very client, so evaluation costs nothing more.
 */
export function renderTypedModule(flags: Flag[], environment: string, sdk: Sdk): string {
  const { module, client } = SDK_IMPORT[sdk];
  // The server SDK takes a context on every call; the browser SDK holds one user.
  const ctx = sdk === 'node' ? ' context: Context,' : '';
  const ctxType = sdk === 'node' ? `type Context = Parameters<${client}['isEnabled']>[1];\n` : '';
  const entries = flags.map(
    (flag) => `${docComment(flag)}\n  ${JSON.stringify(flag.key)}: ${valueTypeOf(flag)};`,
  );
  return `// ${GENERATED_MARKER} by \`flagstaff codegen --env ${environment}${sdk === 'browser' ? ' --sdk browser' : ''}\`: do not edit, run it again.
import type { ${client}, Evaluation, JsonValue } from '${module}';

/** Every flag of environment \`${environment}\`${sdk === 'browser' ? ' visible to client keys' : ''}, and the type of the value it serves. */
export interface FlagValues {
${entries.join('\n')}
}

export type FlagKey = keyof FlagValues;
type Serving<T> = { [K in FlagKey]: FlagValues[K] extends T ? K : never }[FlagKey];
export type BooleanFlag = Serving<boolean>;
export type StringFlag = Serving<string>;
export type NumberFlag = Serving<number>;

export const FLAG_KEYS: readonly FlagKey[] = [${flags.map((flag) => JSON.stringify(flag.key)).join(', ')}];

${ctxType}type Getter = 'isEnabled' | 'variant' | 'getString' | 'getNumber' | 'getJson' | 'explain'${sdk === 'node' ? " | 'measure' | 'track'" : ''};

/** The SDK client with its getters narrowed to these flags and their value types. */
export interface TypedClient extends Omit<${client}, Getter> {
  isEnabled(flag: BooleanFlag,${ctx} defaultValue?: boolean): boolean;
  variant(flag: FlagKey${ctx ? ', context: Context' : ''}): string | undefined;
  getString(flag: StringFlag,${ctx} defaultValue: string): string;
  getNumber(flag: NumberFlag,${ctx} defaultValue: number): number;
  getJson<K extends FlagKey>(flag: K,${ctx} defaultValue: FlagValues[K]): FlagValues[K];
  explain<K extends FlagKey>(flag: K,${ctx} defaultValue?: FlagValues[K]): Evaluation;
${
  sdk === 'node'
    ? `  measure<R, K extends FlagKey>(
    flag: K,
    context: Context,
    fn: (value: FlagValues[K], variant: string | undefined) => R,
    defaultValue?: FlagValues[K],
  ): R;
  track(event: string, context: Context, options?: { flags?: readonly FlagKey[] }): void;
`
    : ''
}}

/** The same client object, typed for these flags: no wrapper, nothing added to an evaluation. */
export function typed(client: ${client}): TypedClient {
  return client as unknown as TypedClient;
}

export type { JsonValue };
`;
}
