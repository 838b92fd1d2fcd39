import { murmur3, type Segment, type Snapshot } from '@flagstaff/evaluator';

/**
 * A segment as client keys receive it: no context keys in clear. Listed keys become
 * `segmentKeyHash(segment, key)` values; an SDK that knows the scheme hashes its own user's key and
 * looks it up, one that does not treats the lists as empty (members by list only are not matched).
 */
export interface ClientSegment extends Omit<Segment, 'included' | 'excluded'> {
  includedHashes?: string[];
  excludedHashes?: string[];
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * 64 bits from two MurmurHash3 x86_32 draws (seeds 0 and 1) over UTF-8 `<segment key>:<context key>`:
 * the hash the evaluator already ships, so browsers need no extra code; per-segment input so one
 * key's hash differs between segments.
 */
export function segmentKeyHash(segmentKey: string, contextKey: string): string {
  const input = `${segmentKey}:${contextKey}`;
  return hex8(murmur3(input, 0)) + hex8(murmur3(input, 1));
}

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
  return { ...snapshot, segments: snapshot.segments.map(redactSegment) as Segment[] };
}
