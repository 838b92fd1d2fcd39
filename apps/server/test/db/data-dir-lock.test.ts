import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.ts';

const hasProc = existsSync('/proc/self/stat');
if (!hasProc && process.env.CI === 'true') {
  throw new Error(
    'CI=true but there is no /proc: the pid-reuse checks of the data folder lock would not run',
  );
}

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-lock-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** An unrelated live process: what a reused pid points at after a killed server's pid comes round again. */
async function unrelatedProcess(): Promise<number> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

function startTicksOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const lockPath = (dir: string) => join(dir, 'flagstaff.lock');

describe.skipIf(!hasProc)('the data folder lock and reused pids', () => {
  it('records the pid with its start time and boot, and removes its own lock on release', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toEqual({
      pid: process.pid,
      startTicks: startTicksOf(process.pid),
      bootId: bootId(),
    });
    release();
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it("takes over a killed server's lock whose pid now belongs to an unrelated process", async () => {
    const dir = folder();
    const pid = await unrelatedProcess();
    // The server that wrote this lock started earlier than the process now holding its pid.
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid, startTicks: startTicksOf(pid) - 500, bootId: bootId() }),
    );
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over a lock from before the last reboot', async () => {
    const dir = folder();
    const pid = await unrelatedProcess();
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid, startTicks: startTicksOf(pid), bootId: 'another-boot' }),
    );
    lockDataDir(dir)();
  });

  it('takes over an old bare-pid lock written before the process now holding that pid started', async () => {
    const dir = folder();
    const pid = await unrelatedProcess();
    writeFileSync(lockPath(dir), `${pid}\n`);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lockPath(dir), anHourAgo, anHourAgo);
    lockDataDir(dir)();
  });

  it('refuses a lock held by the live process that wrote it, naming it', async () => {
    const dir = folder();
    const pid = await unrelatedProcess();
    // As if that process had taken the lock itself: same pid, same start, same boot.
    writeFileSync(lockPath(dir), JSON.stringify({ pid, startTicks: startTicksOf(pid), bootId: bootId() }));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`is in use by another Flagstaff process (pid ${pid})`);
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(pid);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = folder();
    const child = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(lockPath(dir), JSON.stringify({ pid: child.pid, startTicks: 1, bootId: bootId() }));
    lockDataDir(dir)();
  });
});
