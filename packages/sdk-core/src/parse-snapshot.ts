import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '@flagstaff/evaluator';

/**
 * The envelope check for a payload from the network or a store: enough to know which revision it
 * is and that the evaluator can read it. Flags inside are checked by the evaluator, which turns a
 * malformed flag into MALFORMED_FLAG for that flag alone.
 */
export function parseSnapshot(value: unknown): Snapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Partial<Snapshot>;
  const ok =
    s.schemaVersion === SNAPSHOT_SCHEMA_VERSION &&
    Number.isSafeInteger(s.revision) &&
    (s.revision as number) >= 0 &&
    Array.isArray(s.flags) &&
    Array.isArray(s.segments);
  return ok ? (value as Snapshot) : undefined;
}

/** `parseSnapshot` over JSON text: undefined for text that is not JSON. */
export function parseSnapshotJson(text: string): Snapshot | undefined {
  try {
    return parseSnapshot(JSON.parse(text));
  } catch {
    return undefined;
  }
}
