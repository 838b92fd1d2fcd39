/**
 * The browser SDK in a real browser against the real server. Debian's Chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium), driven by playwright-core, opens a page whose script (chromium/page.ts,
 * the SDK included) esbuild bundles at test time. A small server here serves that page and proxies
 * `/api/*` to the Flagstaff server process (packages/sdk-core/test/support/real-server.ts), so the
 * page and the API share one origin and nothing depends on CORS.
 *
 * The first three tests are one story on one page, in order: it loads and evaluates, receives a
 * change pushed while open, and after the server stops a reload still shows the last values.
 * The golden vectors run on a page of their own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { compileSnapshot, evaluate, type Snapshot } from '@flagstaff/evaluator';
import type { SignalEntry } from '@flagstaff/sdk-core';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealServer, startRealServer } from '../../sdk-core/test/support/real-server.ts';
import { createClient as createNodeClient } from '../../sdk-node/src/index.ts';
import type { EvaluationContext } from '../src/index.ts';
import type { PageApi, VectorAnswer, VectorSuite } from './chromium/page-api.ts';
import { type PageServer, startPageServer } from './chromium/page-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') {
  throw new Error(
    `CI=true but there is no Chromium at ${CHROMIUM} (set CHROMIUM_PATH): the browser test would not run`,
  );
}
if (!hasChromium) console.warn(`chromium.test.ts skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

// As root, without a GPU, and with nothing of Chromium's own talking to the network.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VECTORS = new URL('../../evaluator/vectors/evaluation.json', import.meta.url);
const FIELDS = ['value', 'variant', 'reason', 'ruleId', 'ruleIndex', 'bucket', 'splitBucket', 'errorCode'];

/** The page's user: in France, and listed in the `beta_testers` segment. */
const USER: EvaluationContext = { key: 'u1', country: 'FR' };
const FLAGS = ['new_checkout_flow', 'checkout_button', 'beta_banner', 'server_only'];

/** The page's files: its script bundled with the SDK as an application's build would, and the golden file. */
async function buildPage(dir: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./chromium/page.ts', import.meta.url))],
    outfile: join(dir, 'page.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  // A classic script in <head>: it runs, and creates the client, while the page loads.
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Flagstaff</title><link rel="icon" href="data:,">' +
      '<script src="/page.js"></script></head><body></body></html>',
  );
  await copyFile(VECTORS, join(dir, 'vectors.json'));
}

/** The flags the page reads, created through the admin REST API; client-visible except `server_only`. */
async function defineFlags(server: RealServer): Promise<void> {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const production = (state: object) => ({ environments: { production: { enabled: true, ...state } } });
  await server.api('POST', '/segments', { key: 'beta_testers', included: ['u1', 'u7'] });
  await server.api('POST', '/flags', {
    key: 'new_checkout_flow',
    type: 'release',
    owner: 'checkout',
    expiresAt,
    ...production({
      clientVisible: true,
      rules: [
        { id: 'fr', conditions: [{ op: 'eq', attribute: 'country', value: 'FR' }], serve: { variant: 'on' } },
      ],
      fallthrough: { variant: 'off' },
    }),
  });
  await server.api('POST', '/flags', {
    key: 'checkout_button',
    type: 'experiment',
    owner: 'checkout',
    expiresAt,
    variants: ['blue', 'green', 'red'].map((key) => ({ key, value: key })),
    ...production({
      clientVisible: true,
      offVariant: 'blue',
      fallthrough: {
        split: [
          { variant: 'blue', weight: 34 },
          { variant: 'green', weight: 33 },
          { variant: 'red', weight: 33 },
        ],
        percentage: 80,
      },
    }),
  });
  await server.api('POST', '/flags', {
    key: 'beta_banner',
    type: 'ops',
    ...production({
      clientVisible: true,
      rules: [
        { id: 'beta', conditions: [{ op: 'segment', segments: ['beta_testers'] }], serve: { variant: 'on' } },
      ],
      fallthrough: { variant: 'off' },
    }),
  });
  await server.api('POST', '/flags', {
    key: 'server_only',
    type: 'ops',
    ...production({ fallthrough: { variant: 'on' } }),
  });
}

type PageGlobals = { flagstaffPage: Record<string, (...args: unknown[]) => unknown> };

/** Calls the page's `flagstaffPage[method](...args)` inside Chromium and returns what it returned. */
async function call<K extends keyof PageApi>(
  page: Page,
  method: K,
  ...args: Parameters<PageApi[K]>
): Promise<Awaited<ReturnType<PageApi[K]>>> {
  const request: [string, unknown[]] = [method, args];
  const result: unknown = await page.evaluate(
    ([m, a]) => (globalThis as unknown as PageGlobals).flagstaffPage[m]!(...a),
    request,
  );
  return result as Awaited<ReturnType<PageApi[K]>>;
}

const pick = (result: object) =>
  Object.fromEntries(
    Object.entries(result).filter(([field, value]) => FIELDS.includes(field) && value !== undefined),
  );

describe.skipIf(!hasChromium)('browser SDK in Chromium against the real server', () => {
  let server: RealServer | undefined;
  let pageServer: PageServer | undefined;
  let browser: BrowserContext | undefined;
  let bundleDir: string | undefined;
  let profileDir: string | undefined;
  let page: Page;
  let clientKey: string;
  let serverKey: string;
  /** Uncaught exceptions and console errors of the page's scripts since the last check: there must be none. */
  const problems: string[] = [];
  /** Chromium's own log lines for requests that failed (expected while the server is away). */
  const failedRequests: string[] = [];

  function watch(p: Page) {
    p.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every failed request itself, with the request's URL as the location.
      if (message.text().startsWith('Failed to load resource'))
        failedRequests.push(`${message.text()} ${message.location().url}`);
      else problems.push(`console.error: ${message.text()}`);
    });
    return p;
  }

  beforeAll(async () => {
    // Side by side; each is recorded as soon as it exists, so afterAll cleans up whatever started.
    const started = await Promise.allSettled([
      startRealServer().then((s) => {
        server = s;
      }),
      mkdtemp(join(tmpdir(), 'flagstaff-page-')).then(async (dir) => {
        bundleDir = dir;
        await buildPage(dir);
      }),
      mkdtemp(join(tmpdir(), 'flagstaff-chromium-')).then(async (dir) => {
        profileDir = dir;
        browser = await chromium.launchPersistentContext(dir, {
          executablePath: CHROMIUM,
          headless: true,
          args: LAUNCH_ARGS,
        });
      }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    pageServer = await startPageServer(bundleDir!, server!.url);
    await defineFlags(server!);
    clientKey = await server!.sdkKey('client');
    serverKey = await server!.sdkKey('server');
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), pageServer?.close(), server?.close()]);
    for (const dir of [bundleDir, profileDir])
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('loads, is ready from the network, and evaluates what the evaluator says for this user', async () => {
    const revision = await server!.revision();
    const query = new URLSearchParams({
      key: clientKey,
      context: JSON.stringify(USER),
      flags: FLAGS.join(','),
      readyTimeout: '2000',
    });
    page = watch(await browser!.newPage());
    await page.goto(`${pageServer!.url}/?${query}`);
    expect(await call(page, 'ready')).toBe('network');
    // The server refreshes its copy just after a write commits: the first snapshot may predate the last write.
    await expect.poll(() => call(page, 'revision'), { timeout: 5000 }).toBe(revision);

    // What the evaluator says, from the snapshot the server gives this client key.
    const res = await fetch(`${server!.url}/api/v1/sdk/snapshot?key=${clientKey}`);
    const snapshot = (await res.json()) as Snapshot;
    expect(snapshot.revision).toBe(revision);
    const compiled = compileSnapshot(snapshot);
    const reads = await call(page, 'read');
    for (const flag of FLAGS) expect(reads[flag], flag).toEqual(evaluate(compiled, flag, USER, null, 'json'));

    expect(await call(page, 'isEnabled', 'new_checkout_flow')).toBe(true); // the `fr` rule
    expect(reads.new_checkout_flow).toMatchObject({ reason: 'RULE_MATCH', ruleId: 'fr' });
    expect(await call(page, 'isEnabled', 'beta_banner')).toBe(true); // a segment sent as hashes
    const button = await call(page, 'variant', 'checkout_button');
    expect(['blue', 'green', 'red']).toContain(button);
    expect(await call(page, 'getString', 'checkout_button', 'none')).toBe(button);
    expect(reads.checkout_button?.bucket).toBeTypeOf('number');
    expect(reads.server_only).toMatchObject({ reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });

    // The same buckets as the Node SDK, with a server key, for the same flag and users.
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const node = createNodeClient({ url: server!.url, sdkKey: serverKey, metrics: false });
    try {
      expect(await node.ready({ timeout: 5000 })).toBe('network');
      const fromNode = users.map((key) => {
        const { bucket, splitBucket } = node.explain('checkout_button', { key });
        return [bucket, splitBucket];
      });
      expect(fromNode.every(([gate]) => gate !== undefined)).toBe(true);
      expect(await call(page, 'buckets', 'checkout_button', users)).toEqual(fromNode);

      // The opt-in metrics entry, in the page, reports each read's cohort to the real server (202).
      const report = await call(page, 'reportSignals', 'checkout_button', users);
      expect(report.status).toBe(202);
      const { batchId, signals } = JSON.parse(report.body) as { batchId: string; signals: SignalEntry[] };
      expect(batchId.length).toBeGreaterThanOrEqual(8);
      // An 80% gate: treatment below bucket 80,000, control above (everyone it keeps out). Two reads each.
      const treatment = fromNode.filter(([gate]) => gate! < 80_000).length;
      const sum = (cohort: string) =>
        signals.filter((e) => e.cohort === cohort).reduce((n, e) => n + e.exposures, 0);
      expect(sum('treatment')).toBe(2 * treatment);
      expect(sum('control')).toBe(2 * (users.length - treatment));
      expect(signals.filter((e) => e.conversions?.purchase === 1)).toHaveLength(1);
    } finally {
      await node.close();
    }
    expect(problems.splice(0)).toEqual([]);
  });

  it('shows a change pushed over the stream while the page is open, with a change event', async () => {
    const before = (await call(page, 'events')).changes.length;
    await server!.patchState('new_checkout_flow', { enabled: false });
    const revision = await server!.revision();
    await expect
      .poll(() => call(page, 'isEnabled', 'new_checkout_flow'), { timeout: 5000, interval: 20 })
      .toBe(false);
    expect((await call(page, 'read')).new_checkout_flow).toMatchObject({
      reason: 'DISABLED',
      variant: 'off',
    });
    const { changes } = await call(page, 'events');
    expect(changes.slice(before)).toEqual([{ flags: ['new_checkout_flow'], revision, source: 'network' }]);
    expect(problems.splice(0)).toEqual([]);
  });

  it('after the server stops, a reload shows the last values at once, from localStorage', async () => {
    const last = await call(page, 'read');
    const revision = await call(page, 'revision');
    await server!.stop();
    await page.reload();
    // Read by the page's script while it loaded, before any await: no network could have answered.
    expect(await call(page, 'initial')).toEqual(last);
    expect(await call(page, 'revision')).toBe(revision);
    expect(await call(page, 'ready')).toBe('persisted');
    await expect.poll(() => call(page, 'stale'), { timeout: 5000 }).toBe(true);
    expect(await call(page, 'read')).toEqual(last);
    expect(await call(page, 'isEnabled', 'new_checkout_flow')).toBe(false);

    expect(problems.splice(0)).toEqual([]);
    const { errors } = await call(page, 'events');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((code) => code !== 'HTTP' && code !== 'NETWORK')).toEqual([]);
    expect(failedRequests.filter((line) => !line.includes('/api/v1/sdk/'))).toEqual([]);
  });

  it('passes the golden vectors inside Chromium, with the same buckets as the Node SDK', async () => {
    const { suites } = JSON.parse(readFileSync(VECTORS, 'utf8')) as { suites: VectorSuite[] };
    const vectorsPage = watch(await browser!.newPage());
    await vectorsPage.goto(`${pageServer!.url}/`);
    const answers = JSON.parse(await call(vectorsPage, 'runVectors')) as VectorAnswer[];
    await vectorsPage.close();

    const cases = suites.flatMap((suite) => suite.cases.map((c) => ({ suite: suite.name, ...c })));
    expect(answers).toHaveLength(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(250);
    const wrong = cases.flatMap((c, i) => {
      const answer = answers[i]!;
      const got = { typed: answer.typed, ...pick(answer.explain) };
      const want = { typed: c.expect.value, ...c.expect };
      const variantOk = c.expect.errorCode === 'TYPE_MISMATCH' || answer.variant === c.expect.variant;
      return answer.name === c.name && variantOk && isDeepStrictEqual(got, want)
        ? []
        : [{ case: `${c.suite} / ${c.name}`, got: { ...got, variant: answer.variant }, want }];
    });
    expect(wrong).toEqual([]);
    // The browser build carries no texts for malformed flags (ADR 0006): one constant explanation.
    const malformed = answers.filter((a) => a.explain.errorCode === 'MALFORMED_FLAG');
    expect(malformed.length).toBeGreaterThan(0);
    expect(new Set(malformed.map((a) => a.explain.errorMessage))).toEqual(
      new Set(['the flag cannot be read']),
    );

    // The Node SDK on the same snapshots: the same gate and split bucket for each flag and user.
    const differ: string[] = [];
    let i = 0;
    for (const suite of suites) {
      const node = createNodeClient({
        url: 'http://127.0.0.1:9',
        sdkKey: 'srv_vectors',
        bootstrap: suite.snapshot,
        // The vectors hold malformed flags on purpose: serve them as they are.
        checkSnapshots: false,
        streaming: false,
        pollInterval: 3_600_000,
        metrics: false,
      });
      for (const c of suite.cases) {
        const answer = answers[i++]!;
        const { bucket, splitBucket } = node.explain(c.flag, c.context as EvaluationContext, c.default);
        if (bucket !== answer.explain.bucket || splitBucket !== answer.explain.splitBucket)
          differ.push(`${suite.name} / ${c.name}`);
      }
      await node.close();
    }
    expect(differ).toEqual([]);
    expect(problems.splice(0)).toEqual([]);
  });
});
