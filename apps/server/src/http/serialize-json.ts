/** Serialised bodies of frozen values, computed once per value (the read cache's values are frozen). */
const serialized = new WeakMap<object, string>();

/**
 * The response serialiser: `JSON.stringify`, except that a frozen object or array, which can never
 * change, is serialised once and its JSON reused. A hot cached read (a page of 100 flags is ~150 KB)
 * then costs a lookup instead of a serialisation that blocks the event loop for a millisecond or more.
 */
export function serializeJson(data: unknown): string {
  if (typeof data !== 'object' || data === null || !Object.isFrozen(data)) return JSON.stringify(data);
  let json = serialized.get(data);
  if (json === undefined) {
    json = JSON.stringify(data);
    serialized.set(data, json);
  }
  return json;
}
