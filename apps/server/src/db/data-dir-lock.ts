import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
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

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the data folder for this process: a lock file holding our pid. A lock left by a process that
 * is gone (kill -9, power loss) is taken over; one held by a live process is refused, because two
 * embedded PostgreSQL instances on one folder would corrupt it. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'flagstaff.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(path)) {
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      continue; // Removed between our attempts: try again.
    }
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(
        `The data folder ${dataDir} is in use by another Flagstaff process (pid ${holder}). ` +
          'Stop that process, or set FLAGSTAFF_DATA_DIR to another folder.',
      );
    }
    try {
      unlinkSync(path); // Stale: its process is gone.
    } catch {
      // Someone else removed it first.
    }
  }
  throw new DataDirInUseError(`Could not take the lock file ${path}: another process keeps taking it.`);
}
