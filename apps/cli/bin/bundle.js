// Where the prebuilt CLI bundle lives, and whether it is still the build of the sources as they are now.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../dist/flagstaff.js', import.meta.url));
/** The files the bundle was built from (esbuild's metafile inputs), written next to it. */
export const BUNDLE_INPUTS = fileURLToPath(new URL('../dist/flagstaff.inputs.json', import.meta.url));

/**
 * True when the bundle exists and no file it was built from has changed since: an edited source, a
 * new import (its importer changed) or a reinstalled dependency makes it stale, and the CLI then runs
 * from the sources. A few dozen `stat` calls: well under a millisecond.
 */
export function bundleIsFresh() {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const { root, inputs } = JSON.parse(readFileSync(BUNDLE_INPUTS, 'utf8'));
    return inputs.every((input) => statSync(`${root}/${input}`).mtimeMs <= built);
  } catch {
    return false;
  }
}
