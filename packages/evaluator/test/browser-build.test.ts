/**
 * The evaluator as bundlers build it for browsers (the `browser` condition: `#murmur3`, `#explain`,
 * `#intern` swapped, ADR 0006), run here in Node on every golden vector. The browser SDK's Chromium
 * test runs the same vectors in a real browser; this one runs with the unit tests.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Evaluator from '../src/index.ts';
import { loadEvaluationVectors, pinnedFields } from '../vectors/golden.ts';

let dir: string;
let bundle: string;
let browser: typeof Evaluator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evaluator-browser-'));
  const outfile = join(dir, 'evaluator.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  bundle = await readFile(outfile, 'utf8');
  browser = (await import(pathToFileURL(outfile).href)) as typeof Evaluator;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the browser build of the evaluator', () => {
  it('passes every golden evaluation vector', () => {
    const wrong: string[] = [];
    /** Messages of the errors only an invalid snapshot causes (the server never sends one). */
    const invalidSnapshotMessages = new Set<string | undefined>();
    for (const suite of loadEvaluationVectors()) {
      const snapshot = browser.compileSnapshot(suite.snapshot);
      for (const c of suite.cases) {
        const result = browser.evaluate(snapshot, c.flag, c.context as never, c.default, c.type);
        if (!isDeepStrictEqual(pinnedFields(result), c.expect)) wrong.push(`${suite.name} / ${c.name}`);
        if (/^(MALFORMED_FLAG|PREREQUISITE_)/.test(result.errorCode ?? ''))
          invalidSnapshotMessages.add(result.errorMessage);
      }
    }
    expect(wrong).toEqual([]);
    expect(invalidSnapshotMessages).toEqual(new Set(['the flag cannot be read']));
  });

  it('explains a malformed flag with one constant, and carries none of the texts', () => {
    const snapshot = browser.compileSnapshot({
      schemaVersion: 1,
      environment: 'e',
      revision: 1,
      segments: [],
      flags: [
        {
          key: 'f',
          type: 'release',
          salt: 's',
          variants: [{ key: 'on', value: true }],
          enabled: true,
          offVariant: 'on',
          rules: [],
          fallthrough: { split: [{ variant: 'on', weight: 60 }] },
        },
      ],
    });
    expect(browser.evaluate(snapshot, 'f', { key: 'u' }, false)).toMatchObject({
      errorCode: 'MALFORMED_FLAG',
      errorMessage: 'the flag cannot be read',
    });
    expect(bundle).not.toContain('split weights must sum to 100');
    expect(bundle).not.toContain('must be a string');
    expect(bundle).not.toContain('prerequisite cycle at');
  });
});
