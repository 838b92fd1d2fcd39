import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { embeddedTemplate } from './test-database.ts';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const PROCESS_ADMIN_TOKEN = 'fs_admin_process-test-token-0123456789';

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the base URL once listening, rejects if the process exits first. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

let seed: Promise<string> | undefined;

/**
 * A fresh data folder that already holds the migrated embedded database (copied from one made per test
 * process from the shared template), so that a test about processes does not pay PGlite's initdb on
 * every start. Tests about the first start itself use an empty folder.
 */
export async function seededDataDir(): Promise<string> {
  seed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flagstaff-seed-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const client = await PGlite.create(join(dir, 'pg'), { loadDataDir: await embeddedTemplate() });
    await client.close();
    return dir;
  })();
  const source = await seed;
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-embedded-'));
  cpSync(join(source, 'pg'), join(dir, 'pg'), { recursive: true });
  return dir;
}

/** Starts `src/server.ts` as a real process, on embedded storage in `dataDir`, on a free port. */
export function startServerProcess(dataDir: string, env: Record<string, string> = {}): ServerProcess {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    FLAGSTAFF_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    FLAGSTAFF_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
    ...env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: SERVER_DIR,
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`)),
    );
  });
  ready.catch(() => {});
  return { child, ready, exited, output: () => output };
}

export async function api(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${PROCESS_ADMIN_TOKEN}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
}
