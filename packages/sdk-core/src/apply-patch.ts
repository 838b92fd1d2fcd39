import type { Snapshot } from '@flagstaff/evaluator';

/** A `patch` event's data (docs/sdk-protocol.md): what changed from revision `base` to `revision`. */
interface Patch {
  base: number;
  revision: number;
  flags: Snapshot['flags'];
  removedFlags: string[];
  segments: Snapshot['segments'];
  removedSegments: string[];
}

const keyed = (list: unknown): boolean =>
  Array.isArray(list) &&
  list.every((x) => typeof x === 'object' && x !== null && typeof (x as { key: unknown }).key === 'string');
const keys = (list: unknown): boolean => Array.isArray(list) && list.every((x) => typeof x === 'string');

function parsePatch(text: string): Patch | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(p.base) &&
    Number.isSafeInteger(p.revision) &&
    (p.revision as number) > (p.base as number) &&
    keyed(p.flags) &&
    keys(p.removedFlags) &&
    keyed(p.segments) &&
    keys(p.removedSegments);
  return ok ? (value as Patch) : undefined;
}

function merge<T extends { key: string }>(held: T[], changed: T[], removed: string[]): T[] {
  const replaced = new Map(changed.map((item) => [item.key, item]));
  const gone = new Set(removed);
  const merged: T[] = [];
  for (const item of held) {
    if (gone.has(item.key)) continue;
    merged.push(replaced.get(item.key) ?? item);
    replaced.delete(item.key);
  }
  return [...merged, ...replaced.values()];
}

/**
 * Applies a `patch` event to the snapshot held. `undefined`: nothing to apply (not newer than what
 * is held); `'gap'`: it was made against another revision, so the SDK must fetch a whole snapshot;
 * `'malformed'`: not a patch.
 */
export function applyPatch(held: Snapshot, text: string): Snapshot | 'gap' | 'malformed' | undefined {
  const patch = parsePatch(text);
  if (patch === undefined) return 'malformed';
  if (patch.revision <= held.revision) return undefined;
  if (patch.base !== held.revision) return 'gap';
  return {
    ...held,
    revision: patch.revision,
    flags: merge(held.flags, patch.flags, patch.removedFlags),
    segments: merge(held.segments, patch.segments, patch.removedSegments),
  };
}
