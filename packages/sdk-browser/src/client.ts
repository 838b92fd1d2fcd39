import {
  type CompiledSnapshot,
  type EvaluationContext,
  evaluate,
  type JsonValue,
  type ValueType,
  valueTypeOfDefault,
} from '@flagstaff/evaluator';
import { createEmitter, createFlagData } from '@flagstaff/sdk-core';
import type { ClientEvents, FlagstaffBrowserClient } from './browser-client.ts';
import type { ClientOptions } from './client-options.ts';
import { eventSourceStream } from './event-source-stream.ts';
import { defaultStorage, storageStore } from './storage-store.ts';
import { userChanges } from './user-changes.ts';

/** Creates the client, serves the persisted copy (or bootstrap) at once, and starts streaming. */
export function createClient(options: ClientOptions): FlagstaffBrowserClient {
  const events = createEmitter<ClientEvents>();
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  let context = options.context;
  const Source =
    options.EventSource ??
    (globalThis as unknown as { EventSource?: ClientOptions['EventSource'] }).EventSource;
  const change = (before: CompiledSnapshot, beforeContext: EvaluationContext, source: ClientEventsSource) => {
    const flags = userChanges(before, beforeContext, data.holder.current, context);
    if (flags.length > 0) events.emit('change', { flags, revision: data.holder.revision, source });
  };
  const data = createFlagData(
    {
      url: options.url,
      // The key as `?key=`: EventSource cannot send headers, and a plain GET needs no CORS preflight.
      query: `key=${encodeURIComponent(options.clientKey)}`,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      // Without EventSource (an old browser, a test runner) the client polls.
      streaming: (options.streaming ?? true) && Source !== undefined,
      stream: eventSourceStream(Source!),
      pollInterval: options.pollInterval ?? 30_000,
      readTimeout: options.readTimeout ?? 45_000,
      now: Date.now,
      bootstrap: options.bootstrap,
      checkSnapshot: options.checkSnapshot,
      store: storage === null ? undefined : storageStore(storage, `flagstaff:${options.clientKey}`),
      // Before createFlagData returns (bootstrap, persisted copy) nobody listens yet: nothing to diff.
      onChange: (previous, _, source) => previous && change(previous.compiled, context, source),
    },
    events,
  );

  const run = <T>(flag: string, defaultValue: T, type: ValueType) => {
    const result = evaluate(data.holder.current, flag, context, defaultValue, type);
    if (result.variant !== undefined) options.metrics?.count(flag, result.variant);
    return result;
  };

  return {
    ready: (o) => data.ready(o?.timeout ?? 5000),
    isEnabled: (flag, defaultValue = false) => run(flag, defaultValue, 'boolean').value,
    variant: (flag) => run<JsonValue>(flag, null, 'json').variant,
    getString: (flag, defaultValue) => run(flag, defaultValue, 'string').value,
    getNumber: (flag, defaultValue) => run(flag, defaultValue, 'number').value,
    getJson: (flag, defaultValue) => run(flag, defaultValue, 'json').value,
    // Not counted in metrics: an explanation is a question about a read, not a read.
    explain: (flag, defaultValue = null) =>
      evaluate(data.holder.current, flag, context, defaultValue, valueTypeOfDefault(defaultValue)),
    identify(next) {
      const before = context;
      context = next;
      change(data.holder.current, before, 'identify');
    },
    get context() {
      return context;
    },
    on: events.on,
    off: events.off,
    get revision() {
      return data.holder.revision;
    },
    get stale() {
      return data.stale;
    },
    close: data.close,
  };
}

type ClientEventsSource = Parameters<ClientEvents['change']>[0]['source'];
