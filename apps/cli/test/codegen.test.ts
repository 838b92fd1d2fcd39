import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { drivers, useCliServer } from './support/cli-server.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

/** Programs using the generated module: the first must compile, each other must fail on its line 4. */
const PROGRAMS: Record<string, string> = {
  'right.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { FLAG_KEYS, typed } from './flags.ts';
declare const client: FlagstaffClient;
const flags = typed(client);
const user = { userId: 'u1' };
const on: boolean = flags.isEnabled('new_checkout_flow', user);
const banner: string = flags.getString('checkout_banner', user, 'blue');
const items: number = flags.getNumber('max_items', user, 10);
const pricing = flags.getJson('pricing', user, { tier: 'free' });
const served: string | undefined = flags.variant('checkout_banner', user);
flags.track('purchase', user, { flags: ['new_checkout_flow'] });
flags.measure('new_checkout_flow', user, (value) => (value ? 'new' : 'old'));
export const used = [on, banner, items, pricing, served, FLAG_KEYS.length];
`,
  'wrong-key.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { typed } from './flags.ts';
declare const client: FlagstaffClient;
export const on = typed(client).isEnabled('new_chekout_flow', { userId: 'u1' });
`,
  'wrong-getter.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { typed } from './flags.ts';
declare const client: FlagstaffClient;
export const text = typed(client).getString('new_checkout_flow', { userId: 'u1' }, 'on');
`,
  'wrong-default.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { typed } from './flags.ts';
declare const client: FlagstaffClient;
export const limit = typed(client).getJson('max_items', { userId: 'u1' }, 'ten');
`,
  'wrong-result.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { typed } from './flags.ts';
declare const client: FlagstaffClient;
export const limit: string = typed(client).getJson('max_items', { userId: 'u1' }, 10);
`,
  'archived-key.ts': `import type { FlagstaffClient } from '@flagstaff/node';
import { typed } from './flags.ts';
declare const client: FlagstaffClient;
export const on = typed(client).isEnabled('old_banner', { userId: 'u1' });
`,
};

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Runs `tsc --strict` over the programs (the SDK resolved from its sources); errors by file. */
function compile(root: string): Map<string, string[]> {
  const config = {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      noEmit: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      typeRoots: [join(REPO, 'node_modules/@types')],
      types: ['node'],
      paths: { '@flagstaff/node': [join(REPO, 'packages/sdk-node/src/index.ts')] },
    },
    files: Object.keys(PROGRAMS),
  };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(config));
  const run = spawnSync(process.execPath, [TSC, '-p', join(root, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
  });
  const errors = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (!match) continue;
    const file = (match[1] as string).replace(`${root}/`, '');
    errors.set(file, [...(errors.get(file) ?? []), `${match[2]}: ${match[3]}`]);
  }
  return errors;
}

describe.each(drivers())('flagstaff codegen (%s)', (driver) => {
  const server = useCliServer(driver);

  it('writes a module with which a right key compiles under tsc --strict and a wrong key or type does not', async () => {
    const { request } = server();
    const create = async (key: string, extra: Record<string, unknown> = {}) => {
      const response = await request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, extra),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response;
    };
    await create('new_checkout_flow', { description: 'New streamlined checkout experience' });
    await create('checkout_banner', {
      variants: [
        { key: 'blue', value: 'blue' },
        { key: 'green', value: 'green' },
      ],
      environments: { production: { clientVisible: true } },
    });
    await create('max_items', {
      variants: [
        { key: 'ten', value: 10 },
        { key: 'twenty', value: 20 },
      ],
    });
    await create('pricing', {
      variants: [
        { key: 'free', value: { tier: 'free' } },
        { key: 'pro', value: { tier: 'pro', seats: 5 } },
      ],
    });
    const old = await create('old_banner');
    await request({
      method: 'POST',
      url: '/api/v1/flags/old_banner/archive',
      headers: { 'if-match': old.headers.etag as string },
    });

    const root = mkdtempSync(join(tmpdir(), 'flagstaff-codegen-'));
    roots.push(root);
    const output = join(root, 'flags.ts');
    const run = await runCli(['codegen', '--env', 'production', '-o', output, '--json'], {
      env: server().env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<{ flags: string[] }>().flags).toEqual([
      'checkout_banner',
      'max_items',
      'new_checkout_flow',
      'pricing',
    ]);
    const module = readFileSync(output, 'utf8');
    expect(module).toContain('"new_checkout_flow": boolean;');
    expect(module).toContain('"max_items": number;');
    for (const [file, source] of Object.entries(PROGRAMS)) writeFileSync(join(root, file), source);

    const errors = compile(root);
    expect(errors.get('right.ts')).toBeUndefined();
    expect(errors.get('flags.ts')).toBeUndefined();
    for (const file of Object.keys(PROGRAMS).filter((name) => name !== 'right.ts')) {
      expect(errors.get(file)?.[0], file).toMatch(/^4: TS\d+/);
    }
    expect(errors.get('wrong-key.ts')?.[0]).toContain('"new_chekout_flow"');

    // The browser module lists only the client-visible flags of the environment.
    const browser = await runCli(['codegen', '--env', 'production', '--sdk', 'browser'], {
      env: server().env,
    });
    expect(browser.code).toBe(0);
    expect(browser.stdout).toContain("from '@flagstaff/browser'");
    expect(browser.stdout).toContain('"checkout_banner": string;');
    expect(browser.stdout).not.toContain('"max_items"');

    const unknown = await runCli(['codegen', '--env', 'nowhere'], { env: server().env });
    expect(unknown.code).toBe(4);
  }, 120_000);
});
