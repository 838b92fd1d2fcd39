import {
  type FlagConfig,
  hashListCondition,
  type Rule,
  type Segment,
  type Snapshot,
  type SnapshotCondition,
  segmentKeyHash,
} from '@flagstaff/evaluator';

/**
 * What client keys receive: no other user's key in clear. Segment key lists become the evaluator's
 * `segmentKeyHash(segment, key)`; `in`, `not_in` and `eq` conditions (in rules and in segments)
 * become `in_hashed` / `not_in_hashed` with their strings and integers hashed under a salt per
 * condition (`hashListCondition`), so one user listed in two conditions does not show as the same
 * hash twice. Both forms evaluate exactly as the clear ones. Rule descriptions (free text) are
 * dropped: evaluation never reads them. See docs/sdk-protocol.md and the contract, section 5.
 *
 * Salts are derived, not random, so that every replica serves the same bytes for a revision:
 * `<installation>/flag/<flag salt>/<rule index>/<condition index>` and
 * `<installation>/segment/<segment key>/<condition index>` (neither a flag salt nor a segment key can
 * contain `/`), and segment lists are keyed with `<installation>/segment/<segment key>`. The
 * installation part is derived from the installation's secret (migration 0004): the same user listed
 * on two installations hashes differently, so hashes from one say nothing about the other. Without it
 * (the reference vectors) the salts are the bare `flag/…` and `segment/…` forms and lists are keyed
 * with the segment key.
 */
type ClientSegment = Omit<Segment<SnapshotCondition>, 'included' | 'excluded'>;

function hashConditions(
  conditions: readonly SnapshotCondition[],
  salt: (index: number) => string,
): SnapshotCondition[] {
  return conditions.map((c, i) => hashListCondition(c, salt(i)));
}

function redactRule(
  rule: Rule<SnapshotCondition>,
  prefix: string,
  flagSalt: string,
  index: number,
): Rule<SnapshotCondition> {
  const { description: _free, ...rest } = rule;
  if (!Array.isArray(rule.conditions)) return rest;
  const salt = (c: number) => `${prefix}flag/${flagSalt}/${index}/${c}`;
  return { ...rest, conditions: hashConditions(rule.conditions, salt) };
}

function redactFlag(flag: FlagConfig<SnapshotCondition>, prefix: string): FlagConfig<SnapshotCondition> {
  if (!Array.isArray(flag.rules)) return flag;
  return { ...flag, rules: flag.rules.map((rule, r) => redactRule(rule, prefix, flag.salt, r)) };
}

function redactSegment(segment: Segment<SnapshotCondition>, prefix: string): ClientSegment {
  const { included, excluded, ...rest } = segment;
  const safe: ClientSegment = { ...rest };
  const listSalt = prefix === '' ? segment.key : `${prefix}segment/${segment.key}`;
  if (prefix !== '' && ((included?.length ?? 0) > 0 || (excluded?.length ?? 0) > 0)) safe.salt = listSalt;
  if (included && included.length > 0) safe.includedHashes = included.map((k) => segmentKeyHash(listSalt, k));
  if (excluded && excluded.length > 0) safe.excludedHashes = excluded.map((k) => segmentKeyHash(listSalt, k));
  if (Array.isArray(segment.conditions))
    safe.conditions = hashConditions(segment.conditions, (c) => `${prefix}segment/${segment.key}/${c}`);
  return safe;
}

/**
 * The client audience's snapshot (already filtered to client-visible flags) without keys in clear.
 * `installationSalt`: see above; '' only where the reference vectors' salts are wanted.
 */
export function clientSafeSnapshot(snapshot: Snapshot, installationSalt: string): Snapshot {
  const prefix = installationSalt === '' ? '' : `${installationSalt}/`;
  return {
    ...snapshot,
    flags: snapshot.flags.map((flag) => redactFlag(flag, prefix)),
    segments: snapshot.segments.map((segment) => redactSegment(segment, prefix)),
  };
}
