/**
 * The first hour, as an operator lives it: `pnpm start` from the repository root on a fresh data
 * folder says what it is doing, `kill -TERM` of the pnpm process stops the server and frees the
 * folder (pnpm does not pass the signal on), a lost admin token is replaced with the documented
 * command, and a FLAGSTAFF_ADMIN_TOKEN that a later start ignores says so. One data folder, in order.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'flagstaff-start-'));
const lock = join(dir, 'flagstaff.lock');
const running: ChildProcess[] = [];
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
}, 60_000);

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  return { ...rest, FLAGSTAFF_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra };
}

/** `pnpm start` from the root, as the README says; resolves with the URL once it listens. */
function pnpmStart(extra: Record<string, string> = {}) {
  const child = spawn('pnpm', ['start'], { cwd: ROOT, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`pnpm start exited before listening:\n${output}`)));
  });
  url.catch(() => {});
  return { child, url, output: () => output };
}

async function until(condition: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
let firstToken = '';
let mintedToken = '';

describe('pnpm start, stop and the admin token', () => {
  it('a first start says it creates the embedded database, and prints the admin token', async () => {
    const start = pnpmStart({ FLAGSTAFF_ADMIN_TOKEN: '' });
    const url = await start.url;
    expect(start.output()).toContain('creating the embedded PostgreSQL database in');
    firstToken = start.output().match(/(fs_admin_[A-Za-z0-9_-]{32})/)![1]!;
    expect((await get(`${url}/api/v1/flags`, firstToken)).status).toBe(200);
    // What a browser finds at the root: a page pointing to the documentation, not a JSON 404.
    const home = await fetch(url);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('href="/docs"');

    start.child.kill('SIGTERM'); // pnpm's pid: pnpm exits without passing the signal on
    await until(() => !existsSync(lock), 20_000, 'the server to stop and release the data folder');
  }, 120_000);

  it('a later start opens the folder, and says that FLAGSTAFF_ADMIN_TOKEN is ignored', async () => {
    const ignored = 'fs_admin_ignored-because-admins-exist-0123';
    const start = pnpmStart({ FLAGSTAFF_ADMIN_TOKEN: ignored });
    const url = await start.url;
    expect(start.output()).toContain('opening the embedded PostgreSQL database in');
    await until(() => start.output().includes('FLAGSTAFF_ADMIN_TOKEN is ignored'), 5000, 'the warning');
    expect((await get(`${url}/api/v1/flags`, ignored)).status).toBe(401);

    // While it runs, the command refuses: embedded storage admits one process at a time.
    const refused = await promisify(execFile)('pnpm', ['--filter', '@flagstaff/server', 'admin-token'], {
      cwd: ROOT,
      env: env(),
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: expect.any(Number) });
    expect((refused as { stderr: string }).stderr).toContain('Stop the server first');

    start.child.kill('SIGINT');
    await until(() => !existsSync(lock), 20_000, 'the server to stop');
  }, 120_000);

  it('the admin-token command mints a token that the next start accepts', async () => {
    const { stdout } = await promisify(execFile)(
      'pnpm',
      ['--filter', '@flagstaff/server', 'admin-token', 'lost-the-first-one'],
      { cwd: ROOT, env: env() },
    );
    mintedToken = stdout.match(/(fs_admin_[A-Za-z0-9_-]{32})/)![1]!;
    expect(mintedToken).not.toBe(firstToken);
    const start = pnpmStart();
    const url = await start.url;
    expect((await get(`${url}/api/v1/flags`, mintedToken)).status).toBe(200);
    const audit = (await (await get(`${url}/api/v1/audit?resourceType=credential`, mintedToken)).json()) as {
      items: unknown[];
    };
    expect(audit.items[0]).toMatchObject({
      actor: 'operator (admin-token command)',
      action: 'credential.created',
    });
    start.child.kill('SIGTERM');
    await until(() => !existsSync(lock), 20_000, 'the server to stop');
  }, 120_000);
});
