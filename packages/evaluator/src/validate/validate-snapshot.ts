import { MODEL_LIMITS } from '../conditions/operators.ts';
import { type FlagConfig, type Segment, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model.ts';
import { checkList, checkObject, checkString, IssueList, isRecord, type Path } from './issues.ts';
import { validateFlag } from './validate-flag.ts';
import { validateSegment } from './validate-segment.ts';

const HASH = /^[0-9a-f]{16}$/;
/** Generous: a snapshot is one environment's flags, and the server refuses nothing near this. */
const MAX_ITEMS = 100_000;

function addAll(issues: IssueList, prefix: Path, found: { path: (string | number)[]; message: string }[]) {
  for (const issue of found) issues.add([...prefix, ...issue.path], issue.message);
}

/** A segment as snapshots carry it: the written form, plus the hashed lists and salt client keys get. */
function checkSegment(segment: unknown, path: Path, issues: IssueList): void {
  if (!isRecord(segment)) {
    issues.add(path, 'must be an object');
    return;
  }
  const { includedHashes, excludedHashes, salt, ...written } = segment;
  const result = validateSegment(written);
  if (!result.ok) addAll(issues, path, result.issues);
  for (const [field, list] of [
    ['includedHashes', includedHashes],
    ['excludedHashes', excludedHashes],
  ] as const) {
    if (list === undefined) continue;
    if (checkList(list, [...path, field], issues, { max: MODEL_LIMITS.segmentKeys })) {
      list.forEach((h, i) => {
        if (typeof h !== 'string' || !HASH.test(h))
          issues.add([...path, field, i], 'must be 16 lower-case hex digits');
      });
    }
  }
  if (salt !== undefined) checkString(salt, [...path, 'salt'], issues, { max: 512 });
}

function duplicates(list: unknown[], path: Path, issues: IssueList): void {
  const seen = new Set<unknown>();
  list.forEach((item, i) => {
    const key = isRecord(item) ? item.key : undefined;
    if (typeof key !== 'string') return;
    if (seen.has(key)) issues.add([...path, i, 'key'], `duplicates ${key}`);
    seen.add(key);
  });
}

/**
 * Every problem with a whole snapshot, by the rules the server applies to what it stores: the
 * envelope, each segment, and each flag against the snapshot's own flags and segments (references,
 * prerequisite cycles). For snapshots that did not come from the server's validation: a bootstrap
 * file, a persisted copy.
 */
export function validateSnapshot(value: unknown) {
  const issues = new IssueList();
  const fields = ['schemaVersion', 'environment', 'revision', 'flags', 'segments'];
  if (!checkObject(value, [], issues, fields, fields)) return issues.result<Snapshot>(value);
  if (value.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    issues.add(['schemaVersion'], `must be ${SNAPSHOT_SCHEMA_VERSION}`);
  }
  checkString(value.environment, ['environment'], issues, { min: 0, max: 64 });
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) {
    issues.add(['revision'], 'must be a whole number from 0');
  }
  const segmentsOk = checkList(value.segments, ['segments'], issues, { max: MAX_ITEMS });
  const flagsOk = checkList(value.flags, ['flags'], issues, { max: MAX_ITEMS });
  if (!segmentsOk || !flagsOk) return issues.result<Snapshot>(value);
  const segments = value.segments as unknown[];
  const flags = value.flags as unknown[];
  segments.forEach((segment, i) => {
    checkSegment(segment, ['segments', i], issues);
  });
  duplicates(segments, ['segments'], issues);
  duplicates(flags, ['flags'], issues);
  // Only objects can be referred to; anything else was reported above.
  const known = {
    flags: flags.filter(isRecord) as unknown as FlagConfig[],
    segments: segments.filter(isRecord) as unknown as Segment[],
  };
  flags.forEach((flag, i) => {
    const result = validateFlag(flag, known);
    if (!result.ok) addAll(issues, ['flags', i], result.issues);
  });
  return issues.result<Snapshot>(value);
}

/**
 * `validateSnapshot` as the SDKs' `checkSnapshot` takes it: the first problem, as `path: message`,
 * or undefined for a sound snapshot.
 */
export function snapshotProblem(snapshot: unknown): string | undefined {
  const result = validateSnapshot(snapshot);
  if (result.ok) return undefined;
  const first = result.issues[0]!;
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  return `${first.path.join('.') || 'snapshot'}: ${first.message}${more}`;
}
