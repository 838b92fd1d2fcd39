/**
 * What users install, installed as users install it: `pnpm pack` of each published package (which
 * builds it), the tarballs installed by npm into throwaway projects outside the workspace, and a flag
 * evaluated against the real server (apps/server as its own process, embedded PostgreSQL) from
 * - an ESM app and a CommonJS app with no TypeScript, on every Node line in FLAGSTAFF_PACK_NODES
 *   (comma-separated node binaries; `.ci/run` installs 22, 24 and 26; default: this Node);
 * - a TypeScript app that `tsc --strict` must accept against the published declarations;
 * - a page bundled by esbuild from the installed @flagstaff/browser, run in Chromium.
 * publint and @arethetypeswrong/cli check each tarball. Run with `pnpm test:pack` (CI: `.ci/run`).
 */
import { execFile as execFileCallback } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur3 } from '../../packages/evaluator/src/index.ts';
import { type RealServer, startRealServer } from '../../packages/sdk-core/test/support/real-server.ts';

const execFile = promisify(execFileCallback);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APPS = fileURLToPath(new URL('./apps', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const PACKAGES = {
  evaluator: 'packages/evaluator',
  node: 'packages/sdk-node',
  browser: 'packages/sdk-browser',
};
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NODES = (process.env.FLAGSTAFF_PACK_NODES ?? process.execPath).split(',').filter(Boolean);

if (!existsSync(CHROMIUM)) {
  // The browser case is part of what this suite proves: without Chromium it fails, it does not skip.
  throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH): the installed browser SDK cannot be run`);
}

let work: string;
let server: RealServer;
let tarballs: Record<keyof typeof PACKAGES, string>;
let sdkKey: string;
let clientKey: string;

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await execFile(command, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 240_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** A throwaway project: the app's files, and the tarballs (plus `extra` from the registry) installed by npm. */
async function project(name: string, packages: (keyof typeof PACKAGES)[], extra: string[] = []) {
  const dir = join(work, name);
  await cp(join(APPS, name), dir, { recursive: true });
  const specs = [...packages.map((p) => tarballs[p]), ...extra];
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
  return dir;
}

async function pack(dir: string, destination: string): Promise<string> {
  const before = new Set(await readdir(destination));
  await run('pnpm', ['pack', '--pack-destination', destination], join(ROOT, dir));
  const made = (await readdir(destination)).filter((f) => !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.join(', ') || 'nothing'}`);
  return join(destination, made[0]!);
}

/** The line an app printed, as JSON. */
async function evaluateWith(node: string, file: string, cwd: string) {
  const store = join(work, `store-${Math.random().toString(36).slice(2)}.json`);
  const env = { FLAGSTAFF_URL: server.url, FLAGSTAFF_SDK_KEY: sdkKey, FLAGSTAFF_STORE: store };
  const { stdout } = await run(node, [file], cwd, env);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** What every app must see: France gets the rule, Germany the fallthrough, and the hash is the workspace's. */
function expectEvaluated(result: Record<string, unknown>) {
  expect(result).toMatchObject({
    source: 'network',
    france: true,
    germany: false,
    explain: { value: true, variant: 'on', reason: 'RULE_MATCH', ruleId: 'fr' },
  });
  if ('hash' in result) expect(result.hash).toBe(murmur3('flagstaff'));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'flagstaff-pack-'));
  const packs = join(work, 'packs');
  await mkdir(packs);
  const [evaluator, node, browser] = [
    await pack(PACKAGES.evaluator, packs),
    await pack(PACKAGES.node, packs),
    await pack(PACKAGES.browser, packs),
  ];
  tarballs = { evaluator: evaluator!, node: node!, browser: browser! };
  const started = startRealServer();
  await Promise.all([
    project('js', ['evaluator', 'node']),
    project(
      'ts',
      ['evaluator', 'node'],
      ['typescript@~5.9.3', '@types/node@^22', '@openfeature/server-sdk@^1.23.0'],
    ),
    project('browser', ['evaluator', 'browser']),
  ]);
  server = await started;
  await server.api('POST', '/flags', {
    key: 'pack_check',
    type: 'ops',
    environments: {
      production: {
        enabled: true,
        clientVisible: true,
        rules: [
          {
            id: 'fr',
            conditions: [{ op: 'eq', attribute: 'country', value: 'FR' }],
            serve: { variant: 'on' },
          },
        ],
        fallthrough: { variant: 'off' },
      },
    },
  });
  sdkKey = await server.sdkKey('server');
  clientKey = await server.sdkKey('client');
}, 600_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it('hold built JavaScript, declarations, the licence and README; no sources, vectors or workspace ranges', async () => {
    for (const [name, tarball] of Object.entries(tarballs)) {
      const { stdout } = await run('tar', ['tzf', tarball], work);
      const files = stdout.trim().split('\n');
      expect(files, name).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md']));
      expect(
        files.some((f) => f.endsWith('.d.ts') || f.endsWith('.d.mts')),
        name,
      ).toBe(true);
      expect(
        files.filter((f) => /\/(src|vectors|test)\//.test(f) || f.endsWith('.json.gz')),
        name,
      ).toEqual([]);
      const manifest = (await run('tar', ['xzfO', tarball, 'package/package.json'], work)).stdout;
      expect(manifest, name).not.toContain('workspace:');
      expect(manifest, name).not.toContain('./src/');
    }
  });

  it.each(Object.keys(PACKAGES))('%s passes publint and @arethetypeswrong/cli', async (name) => {
    const tarball = tarballs[name as keyof typeof PACKAGES];
    await run(join(BIN, 'publint'), ['--strict', tarball], work);
    // node10 resolution predates `exports`; the browser package is ESM only on purpose.
    const ignore = name === 'browser' ? ['--ignore-rules', 'cjs-resolves-to-esm'] : [];
    await run(join(BIN, 'attw'), [tarball, '--profile', 'node16', ...ignore], work);
  });
});

describe.each(NODES)('installed apps on %s', (node) => {
  it('report the Node version they run on', async () => {
    const { stdout } = await run(node, ['--version'], work);
    console.log(`pack-install: ${node} is Node ${stdout.trim()}`);
    expect(stdout).toMatch(/^v\d+\./);
  });

  it('an ESM app (import, no TypeScript) evaluates a flag from the server', async () => {
    expectEvaluated(await evaluateWith(node, 'app.mjs', join(work, 'js')));
  });

  it('a CommonJS app (require, no TypeScript) evaluates a flag from the server', async () => {
    const result = await evaluateWith(node, 'app.cjs', join(work, 'js'));
    expectEvaluated(result);
    expect(result).toMatchObject({ testClient: true, errorClass: true });
  });

  it('a TypeScript app compiled under tsc --strict evaluates a flag from the server', async () => {
    const dir = join(work, 'ts');
    if (!existsSync(join(dir, 'dist/app.js'))) {
      await run(node, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);
    }
    const result = await evaluateWith(node, 'dist/app.js', dir);
    expectEvaluated(result);
    expect(result).toMatchObject({ validationRejects: true, provider: true });
  });
});

describe('a page bundled by esbuild from the installed @flagstaff/browser', () => {
  let page: Server | undefined;
  afterAll(() => page?.close());

  it('evaluates a flag from the server in Chromium', async () => {
    const dir = join(work, 'browser');
    await build({
      entryPoints: [join(dir, 'main.js')],
      outfile: join(dir, 'app.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    });
    const files: Record<string, [string, string]> = {
      '/': ['index.html', 'text/html'],
      '/app.js': ['app.js', 'text/javascript'],
    };
    page = createServer(async (req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file[1] }).end(await readFile(join(dir, file[0])));
    });
    await new Promise<void>((resolve) => page!.listen(0, '127.0.0.1', resolve));
    const { port } = page.address() as { port: number };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      const query = new URLSearchParams({ url: server.url, key: clientKey });
      await tab.goto(`http://127.0.0.1:${port}/?${query}`);
      const result = await tab.evaluate(
        () => (globalThis as unknown as { packResult: Promise<unknown> }).packResult,
      );
      expectEvaluated(result as Record<string, unknown>);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('the bundle has no Node built-ins and no workspace sources', async () => {
    const bundle = await readFile(join(work, 'browser/app.js'), 'utf8');
    expect(bundle).not.toMatch(/node:|require\(/);
  });

  it("takes the evaluator's browser build: no texts for malformed flags, one constant (ADR 0006)", async () => {
    const bundle = await readFile(join(work, 'browser/app.js'), 'utf8');
    expect(bundle).not.toContain('split weights must sum to 100');
    expect(bundle).toContain('the flag cannot be read');
  });
});
