import type { JsonValue } from '@flagstaff/evaluator';
import type { TestClient } from './test-client.ts';

/**
 * Runs `body` once per value of `flag`, pinned in turn, then restores the flag as it was. Failures
 * name the value they ran under, so a broken flag-off path is told apart from a broken flag-on one.
 */
export async function forEachValue<T extends JsonValue>(
  client: TestClient,
  flag: string,
  values: readonly T[],
  body: (value: T) => void | Promise<void>,
): Promise<void> {
  const before = client.pinned(flag);
  try {
    for (const value of values) {
      client.set(flag, value);
      try {
        await body(value);
      } catch (error) {
        throw new Error(`with ${flag} = ${JSON.stringify(value)}: ${(error as Error)?.message ?? error}`, {
          cause: error,
        });
      }
    }
  } finally {
    if (before === undefined) client.unset(flag);
    else client.set(flag, before);
  }
}

/**
 * The playbook's rule for release flags: test the flag-off path too. Runs `body` with `flag` on,
 * then off.
 * @example await forBothStates(flags, 'new_checkout_flow', async (on) => { … })
 */
export function forBothStates(
  client: TestClient,
  flag: string,
  body: (enabled: boolean) => void | Promise<void>,
): Promise<void> {
  return forEachValue(client, flag, [true, false], body);
}
