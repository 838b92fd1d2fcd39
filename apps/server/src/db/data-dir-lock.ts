import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * Who holds the lock: the pid, and on Linux when that process started (clock ticks since boot,
 * /proc/<pid>/stat field 22) on which boot. A pid alone is not enough: after a kill -9 the pid can be
 * reused by any process (a shell's `sleep`, another node), which would keep the folder locked forever.
 */
interface LockOwner {
  pid: number;
  startTicks?: number;
  bootId?: string;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat start times, on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** When `pid` started, in clock ticks since boot, and the boot's id; undefined where there is no /proc. */
function processStart(pid: number): { startTicks: number; bootId: string } | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  if (!stat || !bootId) return undefined;
  // Field 2 (the command name) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[22 - 3]);
  return Number.isSafeInteger(startTicks) ? { startTicks, bootId } : undefined;
}

/** When the machine booted, in ms since the epoch (`btime` in /proc/stat). */
function bootTimeMs(): number | undefined {
  const btime = readProc('/proc/stat')?.match(/^btime (\d+)$/m)?.[1];
  return btime ? Number(btime) * 1000 : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's content: JSON now; a bare pid in lock files written before start times were recorded. */
function parseOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) };
  try {
    const value = JSON.parse(trimmed) as Partial<LockOwner>;
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    return {
      pid: value.pid as number,
      ...(Number.isSafeInteger(value.startTicks) ? { startTicks: value.startTicks as number } : {}),
      ...(typeof value.bootId === 'string' ? { bootId: value.bootId } : {}),
    };
  } catch {
    return undefined;
  }
}

type Verdict = 'stale' | 'held' | 'held-unverified';

/**
 * Whether the lock's owner still runs. `held`: the very process that wrote the lock (same pid, same
 * start, same boot). `stale`: gone, or its pid now belongs to a process that started later.
 * `held-unverified`: a live pid we cannot check (no /proc).
 */
function judge(owner: LockOwner, lockWrittenMs: number): Verdict {
  if (owner.pid === process.pid || !isAlive(owner.pid)) return 'stale';
  const now = processStart(owner.pid);
  if (!now) return 'held-unverified';
  if (owner.startTicks !== undefined && owner.bootId !== undefined) {
    return owner.bootId === now.bootId && owner.startTicks === now.startTicks ? 'held' : 'stale';
  }
  // An old lock with a bare pid: a process that started after the lock was written did not write it.
  const boot = bootTimeMs();
  if (boot === undefined) return 'held-unverified';
  const startedMs = boot + (now.startTicks * 1000) / TICKS_PER_SECOND;
  return startedMs > lockWrittenMs + 1_000 ? 'stale' : 'held';
}

function ownerLine(): string {
  const start = processStart(process.pid);
  return `${JSON.stringify({ pid: process.pid, ...start })}\n`;
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, ownerLine());
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a stale lock, unless another starting process replaced it since we read it: the file is moved
 * aside first and checked, and a fresh lock moved by mistake is put back.
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // Someone else removed it first.
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleText) linkSync(aside, path);
  } catch {
    // A third process took the folder meanwhile: our next attempt sees its lock.
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Takes the data folder for this process: a lock file naming this process (pid and start time). A
 * lock left by a process that is gone (kill -9, power loss), or whose pid has since been reused, is
 * taken over; one held by its live writer is refused, because two embedded PostgreSQL instances on
 * one folder would corrupt it. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'flagstaff.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(path)) {
      return () => {
        try {
          if (parseOwner(readFileSync(path, 'utf8'))?.pid === process.pid) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    let text: string;
    let owner: LockOwner | undefined;
    let writtenMs: number;
    try {
      text = readFileSync(path, 'utf8');
      owner = parseOwner(text);
      writtenMs = statSync(path).mtimeMs;
    } catch {
      continue; // Removed between our attempts: try again.
    }
    const verdict = owner ? judge(owner, writtenMs) : 'stale';
    if (owner && verdict === 'held') {
      throw new DataDirInUseError(
        `The data folder ${dataDir} is in use by another Flagstaff process (pid ${owner.pid}). ` +
          'Stop that process, or set FLAGSTAFF_DATA_DIR to another folder.',
      );
    }
    if (owner && verdict === 'held-unverified') {
      throw new DataDirInUseError(
        `The data folder ${dataDir} is locked by ${path}, which names pid ${owner.pid}, and that pid is ` +
          'running. If it is a Flagstaff server, stop it or set FLAGSTAFF_DATA_DIR to another folder; ' +
          `if it is not (the pid was reused after a crash), delete ${path} and start again.`,
      );
    }
    takeOver(path, text);
  }
  throw new DataDirInUseError(`Could not take the lock file ${path}: another process keeps taking it.`);
}
