import { compileSnapshot, type FlagConfig, type JsonValue, type Snapshot } from '@flagstaff/evaluator';
import { createEmitter } from '@flagstaff/sdk-core';
import { createFlagReader } from '../flag-reader.ts';
import type { ClientEvents, FlagstaffClient } from '../flagstaff-client.ts';
import { createSignalsReader } from '../measure.ts';

/**
 * A client for application tests: no server, no timers; each flag serves the value pinned for it to
 * every context (unpinned flags serve the caller's default, as an unknown flag does in production).
 * It evaluates through the same evaluator, so type mismatches behave as they would for real.
 */
export interface TestClient extends FlagstaffClient {
  /** Pins `flag` to `value` for every context. The variant is `on`/`off` for booleans, else `pinned`. */
  set(flag: string, value: JsonValue, variant?: string): void;
  /** Forgets a pin: the flag is unknown again. */
  unset(flag: string): void;
  /** The pinned value, or undefined. */
  pinned(flag: string): JsonValue | undefined;
}

function variantFor(value: JsonValue): string {
  return value === true ? 'on' : value === false ? 'off' : 'pinned';
}

function pinnedFlag(key: string, value: JsonValue, variant: string): FlagConfig {
  return {
    key,
    type: 'release',
    salt: 'test',
    variants: [{ key: variant, value }],
    enabled: true,
    offVariant: variant,
    rules: [],
    fallthrough: { variant },
  };
}

/** @example const flags = createTestClient({ new_checkout_flow: true, price_tier: 'gold' }) */
export function createTestClient(initial: Record<string, JsonValue> = {}): TestClient {
  const events = createEmitter<ClientEvents>();
  const pins = new Map<string, { value: JsonValue; variant: string }>();
  let snapshot: Snapshot = { schemaVersion: 1, environment: 'test', revision: 0, flags: [], segments: [] };
  const source = { current: compileSnapshot(snapshot) };

  function rebuild(changed: string) {
    const flags = [...pins].map(([key, pin]) => pinnedFlag(key, pin.value, pin.variant));
    const previousRevision = snapshot.revision;
    snapshot = { ...snapshot, revision: previousRevision + 1, flags };
    source.current = compileSnapshot(snapshot);
    events.emit('change', {
      revision: snapshot.revision,
      previousRevision,
      source: 'bootstrap',
      flags: [changed],
    });
  }

  const client: TestClient = {
    ...createFlagReader(source),
    ...createSignalsReader(() => source.current, undefined),
    ready: async () => 'bootstrap',
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    get revision() {
      return snapshot.revision;
    },
    stale: false,
    close: async () => undefined,
    set(flag, value, variant = variantFor(value)) {
      pins.set(flag, { value, variant });
      rebuild(flag);
    },
    unset(flag) {
      if (pins.delete(flag)) rebuild(flag);
    },
    pinned: (flag) => pins.get(flag)?.value,
  };
  for (const [flag, value] of Object.entries(initial)) client.set(flag, value);
  return client;
}
