/**
 * Size report for the browser SDK: bundles each entry the way an application would (esbuild,
 * minified, ESM for the browser), gzips it and compares the core against the 4 KB budget.
 *
 *   pnpm --filter @flagstaff/browser run size                 # ours
 *   pnpm --filter @flagstaff/browser run size --analyze       # plus esbuild's per-module breakdown
 *   pnpm --filter @flagstaff/browser run size --peers DIR     # plus peers installed in DIR/node_modules
 *   pnpm --filter @flagstaff/browser run size --check         # exit 1 when over budget
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';

const BUDGET = 4096;
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const peersDir = args.includes('--peers') ? args[args.indexOf('--peers') + 1] : undefined;

interface Measured {
  name: string;
  min: number;
  gz: number;
  analysis: string;
  /** Minified bytes per package (evaluator, sdk-core, browser) as esbuild attributes them. */
  byPackage: Map<string, number>;
}

function packageOf(path: string): string {
  const m = /(?:^|\/)(evaluator|sdk-core|sdk-browser)\//.exec(path);
  return m ? m[1]! : path.startsWith('src/') ? 'sdk-browser' : 'other';
}

async function measure(
  name: string,
  contents: string,
  resolveDir: string,
  external: string[] = [],
): Promise<Measured> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    external,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  const analysis = await analyzeMetafile(result.metafile, { verbose: false });
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(path);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return { name, min: code.length, gz: gzipSync(code, { level: 9 }).length, analysis, byPackage };
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

const ours = [
  await measure('@flagstaff/browser (client + evaluator + sync)', "export * from './src/index.ts';", root),
  await measure(
    'evaluator as the client uses it',
    "export { compileSnapshot, evaluate, valueTypeOfDefault } from '@flagstaff/evaluator';",
    root,
  ),
  await measure(
    'sdk-core as the client uses it',
    "export { createEmitter, createFlagData } from '@flagstaff/sdk-core';",
    root,
    ['@flagstaff/evaluator'],
  ),
  await measure('@flagstaff/browser/metrics (opt-in)', "export * from './src/metrics/index.ts';", root),
  await measure(
    '@flagstaff/browser/openfeature (entry only, web-sdk external)',
    "export * from './src/openfeature/index.ts';",
    root,
    ['@openfeature/web-sdk', '@openfeature/core'],
  ),
];

const peers: Measured[] = [];
if (peersDir !== undefined) {
  const names = [
    '@openfeature/web-sdk',
    'unleash-proxy-client',
    'flagsmith',
    '@growthbook/growthbook',
    'launchdarkly-js-client-sdk',
  ];
  for (const name of names) {
    try {
      peers.push(await measure(name, `export * from '${name}';`, peersDir));
    } catch (error) {
      console.error(`${name}: not measured (${(error as Error).message.split('\n')[0]})`);
    }
  }
}

console.log('bundle (esbuild --minify, ESM, browser)'.padEnd(66), 'min'.padStart(10), 'gzip'.padStart(10));
for (const m of [...ours, ...peers])
  console.log(m.name.padEnd(66), kb(m.min).padStart(10), kb(m.gz).padStart(10));
const core = ours[0]!;
const over = core.gz > BUDGET;
// Gzip is not additive: each package's share of the core's gzip is estimated from its share of the
// minified bytes. The separately gzipped bundles above are the other view.
console.log('\ncore SDK by package (minified bytes, and that share of the gzip):');
for (const [pkg, bytes] of [...core.byPackage].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1])) {
  const share = bytes / core.min;
  console.log(
    `  ${pkg.padEnd(12)} ${kb(bytes).padStart(10)}  ${(share * 100).toFixed(0).padStart(3)}%  ~${kb(share * core.gz)}`,
  );
}
console.log(
  `\ncore SDK: ${kb(core.gz)} gzip, budget ${kb(BUDGET)}: ${over ? 'OVER BUDGET' : 'within budget'}`,
);
if (args.includes('--analyze')) for (const m of ours.slice(0, 2)) console.log(`\n## ${m.name}${m.analysis}`);
if (over && args.includes('--check')) process.exit(1);
