#!/usr/bin/env node
// The `flagstaff` command: runs the CLI from its TypeScript sources (the workspace runs from source).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
