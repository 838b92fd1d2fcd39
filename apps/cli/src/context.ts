import type { ApiClient } from '@flagstaff/api-client';
import type { Command } from 'commander';
import { connect } from './api.ts';
import { type ResolvedConfig, resolveConfig } from './config.ts';
import { createOutput, type Io, type Output } from './output.ts';

/** The global options every command accepts. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  config?: string;
  json?: boolean;
}

/** What a command's action needs: its output, the configuration and a client, from the global options. */
export interface CommandContext {
  output: Output;
  config(): ResolvedConfig;
  api(): ApiClient;
}

export interface Environment {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function contextOf(command: Command, environment: Environment): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const output = createOutput(environment.io, options.json === true);
  let config: ResolvedConfig | undefined;
  const resolved = () => {
    config ??= resolveConfig(options, environment.env, environment.cwd);
    return config;
  };
  return { output, config: resolved, api: () => connect(resolved()) };
}
