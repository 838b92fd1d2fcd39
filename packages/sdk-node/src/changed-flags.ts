import type { FlagConfig, Snapshot, SnapshotCondition } from '@flagstaff/evaluator';

function byKey<T extends { key: string }>(items: readonly T[] | undefined): Map<string, string> {
  return new Map((items ?? []).map((item) => [String(item?.key), JSON.stringify(item)]));
}

function differing(before: Map<string, string>, after: Map<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const [key, json] of after) if (before.get(key) !== json) keys.add(key);
  for (const key of before.keys()) if (!after.has(key)) keys.add(key);
  return keys;
}

function usesSegment(flag: FlagConfig<SnapshotCondition>, segments: Set<string>): boolean {
  const uses = (c: SnapshotCondition) => c.op === 'segment' && c.segments.some((s) => segments.has(s));
  try {
    return flag.rules.some((rule) => rule.conditions.some(uses));
  } catch {
    return true; // A malformed flag: say it changed rather than guess.
  }
}

/**
 * The flags whose answers may have changed between two snapshots: edited, added or removed flags,
 * and flags using an edited segment. Prerequisite chains are not followed (a change to a
 * prerequisite lists the prerequisite only); listeners that care re-evaluate what they show.
 */
export function changedFlags(before: Snapshot | undefined, after: Snapshot): string[] {
  const flags = differing(byKey(before?.flags), byKey(after.flags));
  const segments = differing(byKey(before?.segments), byKey(after.segments));
  if (segments.size > 0) {
    for (const flag of after.flags) if (usesSegment(flag, segments)) flags.add(flag.key);
  }
  return [...flags];
}
