/**
 * Size report for the browser SDK: bundles each entry the way an application would (esbuild,
 * minified, ESM for the browser), gzips it and compares each against its limit in size-limits.json
 * (CI fails on growth: a change that adds bytes raises the limit in the same commit, on purpose), and
 * the core against the 4 KB goal.
 *
 *   pnpm --filter @flagstaff/browser run size                 # ours
 *   pnpm --filter @flagstaff/browser run size --analyze       # plus esbuild's per-module breakdown
 *   pnpm --filter @flagstaff/browser run size --peers DIR     # plus peers installed in DIR/node_modules
 *   pnpm --filter @flagstaff/browser run size --check         # exit 1 when an entry outgrows its limit
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';

const BUDGET = 4096;
const root = fileURLToPath(new URL('..', import.meta.url));
/** Gzip bytes each entry may reach; lowered whenever an entry shrinks. */
const limits = JSON.parse(readFileSync(new URL('../size-limits.json', import.meta.url), 'utf8')) as Record<
  string,
  number
>;
const args = process.argv.slice(2);
const peersDir = args.includes('--peers') ? args[args.indexOf('--peers') + 1] : undefined;

interface Measured {
  name: string;
  /** The key in size-limits.json, for the entries that have a limit. */
  limit?: string;
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
  limit?: string,
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
  const gz = gzipSync(code, { level: 9 }).length;
  return { name, ...(limit ? { limit } : {}), min: code.length, gz, analysis, byPackage };
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

const ours = [
  await measure(
    '@flagstaff/browser (client + evaluator + sync)',
    "export * from './src/index.ts';",
    root,
    [],
    'core',
  ),
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
  await measure(
    '@flagstaff/browser/metrics (opt-in)',
    "export * from './src/metrics/index.ts';",
    root,
    [],
    'metrics',
  ),
  await measure(
    '@flagstaff/browser/openfeature (entry only, web-sdk external)',
    "export * from './src/openfeature/index.ts';",
    root,
    ['@openfeature/web-sdk', '@openfeature/core'],
    'openfeature',
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
// Gzip is not additive: each package's share of the core's gzip is estimated from its share of the
// minified bytes. The separately gzipped bundles above are the other view.
console.log('\ncore SDK by package (minified bytes, and that share of the gzip):');
for (const [pkg, bytes] of [...core.byPackage].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1])) {
  const share = bytes / core.min;
  console.log(
    `  ${pkg.padEnd(12)} ${kb(bytes).padStart(10)}  ${(share * 100).toFixed(0).padStart(3)}%  ~${kb(share * core.gz)}`,
  );
}
console.log(`\ncore SDK: ${core.gz} bytes gzip; the goal is ${BUDGET} (${kb(BUDGET)})`);
if (args.includes('--analyze')) for (const m of ours.slice(0, 2)) console.log(`\n## ${m.name}${m.analysis}`);
let grown = false;
for (const m of ours.filter((o) => o.limit !== undefined)) {
  const limit = limits[m.limit!];
  if (limit === undefined) throw new Error(`size-limits.json has no limit for ${m.limit}`);
  const verdict =
    m.gz > limit ? 'GREW past its limit' : m.gz < limit ? 'under its limit (lower it)' : 'at its limit';
  console.log(`${m.limit.padEnd(12)} ${String(m.gz).padStart(6)} bytes gzip, limit ${limit}: ${verdict}`);
  grown ||= m.gz > limit;
}
if (grown && args.includes('--check')) process.exit(1);
