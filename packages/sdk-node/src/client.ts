import { snapshotProblem } from '@flagstaff/evaluator/validate';
import {
  createEmitter,
  createFlagData,
  createSignals,
  type FlagData,
  fetchStream,
  patchEvents,
  type Signals,
} from '@flagstaff/sdk-core';
import { changedFlags } from './changed-flags.ts';
import type { ClientOptions } from './client-options.ts';
import { createFlagReader } from './flag-reader.ts';
import type { ClientEvents, FlagstaffClient } from './flagstaff-client.ts';
import { createLatencySketch } from './latency-sketch.ts';
import { createSignalsReader } from './measure.ts';

const DEFAULT_READY_TIMEOUT = 5000;

/**
 * `revision` and `stale`, as getters on a prototype that every client shares. Getters in each
 * client's own object literal made every client after the first a dictionary-mode object (V8: the
 * getter is part of the hidden class, and each client's is another function), where
 * `client.isEnabled` is a hash lookup on every call (bench:sdk's second client, counting off).
 */
class ClientState {
  readonly #data: FlagData;

  constructor(data: FlagData) {
    this.#data = data;
  }

  get revision() {
    return this.#data.holder.revision;
  }

  get stale() {
    return this.#data.stale;
  }
}

/**
 * Creates a client and starts fetching at once. Evaluation works immediately (from `bootstrap`,
 * the persisted copy, or defaults) and never waits: `await client.ready()` where starting without
 * flags matters.
 */
export function createClient(options: ClientOptions): FlagstaffClient {
  const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = () => Date.now();
  const events = createEmitter<ClientEvents>();
  const data = createFlagData(
    {
      url: options.url,
      headers: { authorization: `Bearer ${options.sdkKey}` },
      stream: fetchStream,
      fetch,
      streaming: options.streaming ?? true,
      patches: options.patches === false ? undefined : patchEvents(),
      pollInterval: options.pollInterval ?? 30_000,
      readTimeout: options.readTimeout ?? 45_000,
      now,
      bootstrap: options.bootstrap,
      store: options.persist,
      // Bootstrap and persisted copies did not pass the server's validation: the same rules, here.
      checkSnapshot: options.checkSnapshots === false ? undefined : snapshotProblem,
      onChange(previous, next, source) {
        events.emit('change', {
          revision: next.revision,
          previousRevision: previous?.snapshot.revision,
          source,
          flags: changedFlags(previous?.snapshot, next),
        });
      },
    },
    events,
  );
  const metrics: Signals | undefined =
    options.metrics === false
      ? undefined
      : createSignals({
          url: options.url,
          key: options.sdkKey,
          fetch,
          interval: options.metrics?.interval ?? 30_000,
          now,
          onError: (error) => events.emit('error', error),
          sketch: createLatencySketch,
        });

  let closing: Promise<void> | undefined;
  const methods: Omit<FlagstaffClient, 'revision' | 'stale'> = {
    ...createFlagReader(data.holder, metrics),
    ...createSignalsReader(() => data.holder.current, metrics),
    ready: (o) => data.ready(o?.timeout ?? DEFAULT_READY_TIMEOUT),
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    close() {
      if (closing === undefined) {
        data.close();
        closing = metrics?.close() ?? Promise.resolve();
      }
      return closing;
    },
  };
  return Object.assign(new ClientState(data), methods);
}
