import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { generateTree } from '../bench/generate-tree.ts';
import { runCli } from './support/cli.ts';
import { drivers, useCliServer } from './support/cli-server.ts';

// Each test runs the CLI as several real processes: on a loaded 2-core machine one takes seconds.
vi.setConfig({ testTimeout: 120_000 });

interface RefsJson {
  keys: number;
  stats: { files: number; skipped: { binary: number; large: number } };
  cleanupReport: boolean;
  flags: {
    key: string;
    references: { file: string; line: number; column: number }[];
    stale: { code: string; message: string }[] | null;
  }[];
}

interface CheckJson {
  references: number;
  problems: { file: string; line: number; column: number; key: string; problem: string }[];
}

const roots: string[] = [];
// The generated tree is 10,000 files and 15 MB: removed asynchronously, with room on a busy disk.
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
}, 60_000);

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flagstaff-code-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('flagstaff refs on a generated tree of 10,000 files', () => {
  it('finds every planted reference and nothing in ignored, binary or huge files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flagstaff-refs-tree-'));
    roots.push(root);
    const generated = generateTree(root, 10_000);
    expect(generated.files).toBe(10_000);

    const run = await runCli(['refs', root, '--keys', generated.keys.join(','), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<RefsJson>();
    const found = result.flags
      .flatMap((flag) => flag.references.map((reference) => ({ ...reference, key: flag.key })))
      .sort(
        (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
      );
    expect(found).toEqual(generated.expected);
    expect(result.stats.skipped).toEqual({ binary: generated.binaryFiles, large: generated.largeFiles });
    expect(result.stats.files).toBe(
      generated.files - generated.ignoredFiles - generated.binaryFiles - generated.largeFiles,
    );
  }, 180_000);
});

describe.each(drivers())('flagstaff refs and check against a server (%s)', (driver) => {
  const server = useCliServer(driver);
  const create = async (key: string) => {
    const response = await server().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag(key),
    });
    expect(response.statusCode).toBe(201);
    return response;
  };

  it('check exits 1 for a missing or archived flag at file:line:col, and 0 once the code is fixed', async () => {
    await create('new_checkout_flow');
    const archived = await create('old_banner');
    await server().request({
      method: 'POST',
      url: '/api/v1/flags/old_banner/archive',
      headers: { 'if-match': archived.headers.etag as string },
    });
    const source = [
      "if (client.isEnabled('new_checkout_flow', { userId })) render();",
      'const banner = flags.variant("old_banner", ctx);',
      "const text = client.getString<string>('missing_flag', ctx, 'hello');",
      "const label = 'not_a_flag_call'; // any string that is not a getter's key",
      // A template literal with a placeholder is not a literal key.
      'const dynamic = client.isEnabled(`new_$' + '{name}`, ctx);',
      '',
    ].join('\n');
    const root = tree({
      '.gitignore': 'vendor/\n',
      'src/app.ts': source,
      'vendor/lib.js': "client.isEnabled('vendored_flag')",
    });

    const run = await runCli(['check', root, '--json'], { env: server().env });
    expect(run.code, run.stderr).toBe(1);
    const result = run.json<CheckJson>();
    expect(result.references).toBe(3);
    expect(result.problems).toEqual([
      { file: 'src/app.ts', line: 2, column: 31, key: 'old_banner', problem: 'archived' },
      { file: 'src/app.ts', line: 3, column: 40, key: 'missing_flag', problem: 'unknown' },
    ]);

    const human = await runCli(['check', root], { env: server().env });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('src/app.ts:2:31  archived flag old_banner');
    expect(human.stdout).toContain('src/app.ts:3:40  no flag missing_flag');

    const fixed = tree({
      'src/app.ts': source
        .split('\n')
        .filter((line) => !/old_banner|missing_flag/.test(line))
        .join('\n'),
    });
    const ok = await runCli(['check', fixed], { env: server().env });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^ok: 1 flag references/m);

    const customGetter = await runCli(['check', root, '--getters', 'useFlag', '--json'], {
      env: server().env,
    });
    expect(customGetter.code).toBe(0);
  });

  it('refs lists every mention of the server’s flags as file:line:col', async () => {
    const root = tree({
      'src/checkout.ts':
        "if (client.isEnabled('new_checkout_flow', ctx)) {}\n// old_banner: remove after Q3.\n",
      'config/flags.yaml': 'new_checkout_flow:\n  enabled: true\n',
      'assets/logo.png': Buffer.from([0x89, 0x50, 0, 0x6e, 0x65, 0x77]).toString('latin1'),
    });
    const run = await runCli(['refs', root, '--json'], { env: server().env });
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<RefsJson>();
    expect(result.flags.map((flag) => [flag.key, flag.references])).toEqual([
      [
        'new_checkout_flow',
        [
          { file: 'config/flags.yaml', line: 1, column: 1 },
          { file: 'src/checkout.ts', line: 1, column: 23 },
        ],
      ],
      ['old_banner', [{ file: 'src/checkout.ts', line: 2, column: 4 }]],
    ]);
    expect(result.stats.skipped.binary).toBe(1);

    const human = await runCli(['refs', root], { env: server().env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'new_checkout_flow: referenced in 2 places\n  config/flags.yaml:1:1\n  src/checkout.ts:1:23',
    );

    const notADirectory = await runCli(['refs', join(root, 'nope'), '--keys', 'a']);
    expect(notADirectory.code).toBe(2);
  });
});

describe('flags-as-code commands without a server', () => {
  it('print help with exit 0, and exit 2 for a missing option or file', async () => {
    for (const command of ['refs', 'check', 'codegen', 'export', 'apply']) {
      const run = await runCli([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain(`Usage: flagstaff ${command}`);
    }
    const noFile = await runCli(['apply']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("required option '-f, --file <file>' not specified");
    const missing = await runCli(['apply', '-f', '/nonexistent/flags.yaml', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('NO_FILE');
    const noEnv = await runCli(['codegen']);
    expect(noEnv.code).toBe(2);
  });
});

describe.each(drivers())('flagstaff refs joined to the cleanup report (%s)', (driver) => {
  const DAY = 86_400_000;
  const start = Date.now();
  let now = new Date(start);
  const server = useCliServer(driver, { clock: () => now });

  it('says which stale flags are still referenced, first, and --fail-on-stale exits 1', async () => {
    const { request } = server();
    for (const [key, days] of [
      ['gone_flag', 5],
      ['fresh_flag', 80],
    ] as const) {
      const expiresAt = new Date(start + days * DAY).toISOString();
      const response = await request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, { expiresAt }),
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    now = new Date(start + 10 * DAY);
    const root = tree({
      'src/a.ts': "if (client.isEnabled('fresh_flag', ctx)) {}\nif (client.isEnabled('gone_flag', ctx)) {}\n",
      'src/b.ts': "client.isEnabled('gone_flag', ctx);\n",
    });

    const run = await runCli(['refs', root, '--json'], { env: server().env });
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<RefsJson>();
    expect(result.cleanupReport).toBe(true);
    expect(result.flags.map((flag) => [flag.key, flag.stale?.map((reason) => reason.code) ?? null])).toEqual([
      ['gone_flag', ['expired']],
      ['fresh_flag', null],
    ]);

    const human = await runCli(['refs', root, '--fail-on-stale'], { env: server().env });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      'stale flag gone_flag is still referenced in 2 places (expired 5 days ago)\n  src/a.ts:2:23\n  src/b.ts:1:19',
    );
    expect(human.stdout).toContain('fresh_flag: referenced in 1 place\n  src/a.ts:1:23');
  });
});
