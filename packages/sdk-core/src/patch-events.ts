import { applyPatch } from './apply-patch.ts';
import { FlagstaffError } from './flagstaff-error.ts';
import type { SyncOptions } from './sync-options.ts';

/**
 * Handles one `patch` event for the sync that received it: `sync` is the sync's options (the
 * snapshot held, where snapshots and errors go); `resync` reconnects for a whole snapshot, at once
 * or (`backOff`) after the backoff delay.
 */
export type PatchEvents = (
  data: string,
  sync: Pick<SyncOptions, 'held' | 'onSnapshot' | 'onError'>,
  resync: (backOff: boolean) => void,
) => void;

/**
 * Patch events for one client (the Node SDK's): each is applied on top of the snapshot held; a patch
 * against a revision not held reconnects for a whole snapshot, and a server that keeps sending such
 * gaps gets the backoff. In its own module so that an SDK without patches (the browser's) does not
 * ship it.
 */
export function patchEvents(): PatchEvents {
  /** Gaps met since a patch last applied. */
  let gaps = 0;
  return (data, sync, resync) => {
    const held = sync.held();
    const next = held && applyPatch(held, data);
    if (next === 'malformed') sync.onError(new FlagstaffError('BAD_SNAPSHOT', 'not a patch: ignored'));
    else if (next === 'gap' || held === undefined) resync(++gaps > 3);
    else if (next !== undefined) {
      gaps = 0;
      sync.onSnapshot(next);
    }
  };
}
