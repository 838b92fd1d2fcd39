import { type Segment, type Snapshot, segmentKeyHash } from '@flagstaff/evaluator';

/**
 * A segment as client keys receive it: no context keys in clear. Listed keys become the evaluator's
 * `segmentKeyHash(segment, key)` values, which it checks against the hash of the context's key.
 */
type ClientSegment = Omit<Segment, 'included' | 'excluded'>;

function redactSegment(segment: Segment): ClientSegment {
  const { included, excluded, ...rest } = segment;
  const safe: ClientSegment = { ...rest };
  if (included && included.length > 0)
    safe.includedHashes = included.map((k) => segmentKeyHash(segment.key, k));
  if (excluded && excluded.length > 0)
    safe.excludedHashes = excluded.map((k) => segmentKeyHash(segment.key, k));
  return safe;
}

/** The client audience's snapshot (already filtered to client-visible flags) without keys in clear. */
export function clientSafeSnapshot(snapshot: Snapshot): Snapshot {
  return { ...snapshot, segments: snapshot.segments.map(redactSegment) };
}
