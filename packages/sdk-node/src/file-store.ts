import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Snapshot } from '@flagstaff/evaluator';
import type { SnapshotStore } from '@flagstaff/sdk-core';

/**
 * Keeps the last snapshot in a JSON file, so that a restarted process serves the flags it had
 * before the network answers. Writes go to a temporary file renamed over the old one: a crash
 * mid-write leaves the previous copy, never half a file. Saves are queued, so the last one wins.
 */
export function createFileStore(path: string): SnapshotStore {
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as Snapshot;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    save(snapshot) {
      const write = async () => {
        await mkdir(dirname(path), { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(snapshot));
        await rename(temporary, path);
      };
      const next = queue.then(write);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
