#!/usr/bin/env node
// The `flagstaff` command. Runs the prebuilt bundle (`pnpm --filter @flagstaff/cli build`: about 0.2 s
// to start instead of about 1 s through tsx) when it is there and still matches the sources; else the
// TypeScript sources through tsx, so the workspace needs no build step. FLAGSTAFF_CLI_FROM_SOURCE=1
// always runs the sources.
import { BUNDLE, bundleIsFresh } from './bundle.js';

let main;
if (process.env.FLAGSTAFF_CLI_FROM_SOURCE !== '1' && bundleIsFresh()) {
  ({ main } = await import(BUNDLE));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv);
