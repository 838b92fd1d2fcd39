import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

/** Where the CLI finds its server and token; options first, then the environment, then a config file. */
export interface ConfigSources {
  server?: string | undefined;
  token?: string | undefined;
  /** `--config <file>`. */
  config?: string | undefined;
}

export interface ResolvedConfig {
  server: string;
  token: string | undefined;
  /** The config file read, if any. */
  file: string | undefined;
}

interface ConfigFile {
  server?: unknown;
  token?: unknown;
}

/**
 * Options (`--server`, `--token`) win over the environment (`FLAGSTAFF_URL`, `FLAGSTAFF_TOKEN`), which
 * wins over the config file: `--config`, else `FLAGSTAFF_CONFIG`, else `./.flagstaff.json`, else
 * `$XDG_CONFIG_HOME/flagstaff/config.json` (`~/.config/flagstaff/config.json`), a JSON object with
 * `server` and `token`.
 */
export function resolveConfig(
  sources: ConfigSources,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ResolvedConfig {
  const file = configFile(sources, env, cwd);
  const fromFile = file ? readConfigFile(file) : {};
  const server = sources.server ?? env.FLAGSTAFF_URL ?? stringOrUndefined(fromFile.server) ?? DEFAULT_SERVER;
  const token = sources.token ?? env.FLAGSTAFF_TOKEN ?? stringOrUndefined(fromFile.token);
  return { server, token, file };
}

function configFile(sources: ConfigSources, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const named = sources.config ?? env.FLAGSTAFF_CONFIG;
  if (named) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) throw new CliError(EXIT.usage, `config file ${path} does not exist`, 'NO_CONFIG');
    return path;
  }
  const candidates = [
    join(cwd, '.flagstaff.json'),
    join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'flagstaff', 'config.json'),
  ];
  return candidates.find((path) => existsSync(path));
}

function readConfigFile(path: string): ConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(
      EXIT.invalidInput,
      `config file ${path} is not JSON: ${(error as Error).message}`,
      'BAD_CONFIG',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(EXIT.invalidInput, `config file ${path} must hold a JSON object`, 'BAD_CONFIG');
  }
  return parsed as ConfigFile;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
