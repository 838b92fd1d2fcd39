/**
 * Builds the CLI into one file (dist/flagstaff.js) that bin/flagstaff.js runs instead of the sources
 * while it is fresh, and records the files it was built from (dist/flagstaff.inputs.json) for that
 * check. Run: `pnpm --filter @flagstaff/cli build`. Writes to temporary names and renames, so that
 * concurrent builds (parallel test files) never leave a half-written bundle.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: a plain JavaScript module next to the binary, without declarations.
import { BUNDLE, BUNDLE_INPUTS } from '../bin/bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildBundle(): Promise<void> {
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  await mkdir(dirname(BUNDLE as string), { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: `${BUNDLE}${suffix}`,
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies (commander) require Node's built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const inputs = { root, inputs: Object.keys(result.metafile.inputs) };
  await writeFile(`${BUNDLE_INPUTS}${suffix}`, JSON.stringify(inputs));
  await rename(`${BUNDLE_INPUTS}${suffix}`, BUNDLE_INPUTS as string);
  await rename(`${BUNDLE}${suffix}`, BUNDLE as string);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildBundle();
