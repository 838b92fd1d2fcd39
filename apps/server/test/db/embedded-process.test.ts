import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, seededDataDir, startServerProcess } from '../support/server-process.ts';

const folders: string[] = [];
/** An empty folder: the server's first start initialises the database in it (slow). */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-embedded-'));
  folders.push(dir);
  return dir;
}
/** A folder that already holds the migrated database: what every start after the first finds. */
async function seeded(): Promise<string> {
  const dir = await seededDataDir();
  folders.push(dir);
  return dir;
}
// Each folder holds a whole PostgreSQL cluster: removing them all takes a while on a busy disk.
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))), 120_000);

const flag = (key: string) =>
  JSON.stringify({ key, type: 'ops', description: `written before the crash: ${key}` });

describe('embedded storage, as real processes', () => {
  it('kill -9 loses no acknowledged write, and the next start opens the folder without hanging', async () => {
    const dir = await seeded();
    const first = startServerProcess(dir);
    const base = await first.ready;
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await api(base, '/api/v1/flags', { method: 'POST', body: flag(`crash_${i}`) });
      expect(res.status).toBe(201);
      acknowledged.push(`crash_${i}`);
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(join(dir, 'flagstaff.lock'), 'utf8')).pid).toBe(first.child.pid);

    const second = startServerProcess(dir);
    const started = Date.now();
    const base2 = await second.ready;
    expect(Date.now() - started).toBeLessThan(30_000);
    const list = (await (await api(base2, '/api/v1/flags?limit=500')).json()) as { items: { key: string }[] };
    expect(list.items.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(acknowledged));
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 90_000);

  it('refuses a second process on a data folder in use, with a clear message', async () => {
    const dir = await seeded();
    const first = startServerProcess(dir);
    await first.ready;
    const second = startServerProcess(dir);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain(`is in use by another Flagstaff process (pid ${first.child.pid})`);
    const still = await api(await first.ready, '/readyz');
    expect(still.status).toBe(200);
    first.child.kill('SIGTERM');
    await first.exited;
  }, 90_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s closes the database cleanly and releases the folder',
    async (signal) => {
      const dir = await seeded();
      const first = startServerProcess(dir);
      const base = await first.ready;
      expect((await api(base, '/api/v1/flags', { method: 'POST', body: flag('kept') })).status).toBe(201);
      first.child.kill(signal);
      expect(await first.exited).toEqual({ code: 0, signal: null });
      expect(first.output()).toContain('shutting down');
      expect(existsSync(join(dir, 'flagstaff.lock'))).toBe(false);
      const second = startServerProcess(dir);
      const base2 = await second.ready;
      expect((await api(base2, '/api/v1/flags/kept')).status).toBe(200);
      second.child.kill('SIGTERM');
      await second.exited;
    },
    90_000,
  );

  it('a signal during a slow start still closes the database and releases the folder', async () => {
    const dir = dataDir();
    const proc = startServerProcess(dir);
    const lock = join(dir, 'flagstaff.lock');
    for (let i = 0; i < 300 && !existsSync(lock); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lock)).toBe(true);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('prints a generated admin token once on first start, and never again', async () => {
    const dir = await seeded();
    const first = startServerProcess(dir, { FLAGSTAFF_ADMIN_TOKEN: '' });
    const base = await first.ready;
    const token = first.output().match(/(fs_admin_[A-Za-z0-9_-]{32})/)?.[1];
    expect(token).toBeDefined();
    const res = await fetch(`${base}/api/v1/flags`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    first.child.kill('SIGTERM');
    await first.exited;
    const second = startServerProcess(dir, { FLAGSTAFF_ADMIN_TOKEN: '' });
    await second.ready;
    expect(second.output()).not.toMatch(/fs_admin_/);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);

  it('fails fast on bad configuration, naming the variable', async () => {
    const proc = startServerProcess(dataDir(), { PORT: 'not-a-port' });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toContain('PORT');
  }, 30_000);
});
