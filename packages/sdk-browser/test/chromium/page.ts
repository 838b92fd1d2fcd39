/**
 * The test page's script, run INSIDE Chromium (bundled with the SDK by esbuild at test time, see
 * ../chromium.test.ts): an application reduced to what the test observes. It creates its client
 * synchronously while the page loads, so what it reads before any await is what a user sees first.
 */

import type { Snapshot } from '@flagstaff/evaluator';
import {
  type ChangeEvent,
  type ClientOptions,
  createClient,
  type Evaluation,
  type EvaluationContext,
  type FlagstaffBrowserClient,
  type JsonValue,
  type ReadySource,
} from '../../src/index.ts';
import { createBrowserMetrics } from '../../src/metrics/index.ts';
import type { PageApi, VectorAnswer, VectorSuite } from './page-api.ts';

declare const location: { origin: string; search: string };

const params = new URLSearchParams(location.search);
const key = params.get('key');
const flags = (params.get('flags') ?? '').split(',').filter(Boolean);
const changes: ChangeEvent[] = [];
const errors: string[] = [];

let client: FlagstaffBrowserClient | undefined;
let initial: Record<string, Evaluation> = {};
let ready: Promise<ReadySource> | undefined;

const readAll = (c: FlagstaffBrowserClient) => Object.fromEntries(flags.map((f) => [f, c.explain(f)]));

if (key !== null) {
  client = createClient({
    url: location.origin,
    clientKey: key,
    context: JSON.parse(params.get('context') ?? '{}') as EvaluationContext,
  });
  initial = readAll(client);
  client.on('change', (event) => changes.push(event));
  client.on('error', (error) => errors.push(error.code));
  ready = client.ready({ timeout: Number(params.get('readyTimeout') ?? 5000) });
}

/** A network that never answers: the vector clients serve their bootstrap snapshot and nothing else. */
const offline: NonNullable<ClientOptions['fetch']> = () => new Promise(() => {});

function runSuite(suite: VectorSuite): VectorAnswer[] {
  const c = createClient({
    url: location.origin,
    clientKey: 'cli_vectors',
    context: {},
    bootstrap: suite.snapshot,
    storage: null,
    streaming: false,
    pollInterval: 3_600_000,
    fetch: offline,
  });
  const answers = suite.cases.map((v): VectorAnswer => {
    c.identify(v.context as EvaluationContext);
    const typed =
      v.type === 'boolean'
        ? c.isEnabled(v.flag, v.default as boolean)
        : v.type === 'string'
          ? c.getString(v.flag, v.default as string)
          : v.type === 'number'
            ? c.getNumber(v.flag, v.default as number)
            : c.getJson<JsonValue>(v.flag, v.default);
    return {
      suite: suite.name,
      name: v.name,
      typed,
      explain: c.explain(v.flag, v.default),
      variant: c.variant(v.flag),
    };
  });
  c.close();
  return answers;
}

const api: PageApi = {
  initial: () => initial,
  read: () => (client ? readAll(client) : {}),
  ready: async () => ready,
  isEnabled: (flag) => client?.isEnabled(flag),
  variant: (flag) => client?.variant(flag),
  getString: (flag, defaultValue) => client?.getString(flag, defaultValue),
  revision: () => client?.revision,
  stale: () => client?.stale,
  events: () => ({ changes, errors }),
  async buckets(flag, users) {
    if (key === null) return [];
    const c = createClient({ url: location.origin, clientKey: key, context: {}, storage: null });
    await c.ready({ timeout: 5000 });
    const result = users.map((user) => {
      c.identify({ key: user });
      const { bucket, splitBucket } = c.explain(flag);
      return [bucket, splitBucket];
    });
    c.close();
    return result;
  },
  async reportSignals(flag, users) {
    if (key === null) return { status: 0, body: '' };
    let sent: Promise<{ status: number; body: string }> | undefined;
    const metrics = createBrowserMetrics({
      url: location.origin,
      clientKey: key,
      fetch: (url, init) => {
        const response = fetch(url, init);
        sent = response.then((r) => ({ status: r.status, body: String(init.body) }));
        return response;
      },
    });
    const bootstrap = (await (
      await fetch(`/api/v1/sdk/snapshot?key=${encodeURIComponent(key)}`)
    ).json()) as Snapshot;
    for (const user of users) {
      const c = createClient({
        url: location.origin,
        clientKey: key,
        context: { key: user },
        storage: null,
        bootstrap,
        streaming: false,
        metrics,
      });
      c.variant(flag);
      c.variant(flag);
      c.explain(flag); // not a read: not counted
      c.close();
    }
    metrics.track('purchase');
    metrics.flush();
    const result = await sent!;
    metrics.close();
    return result;
  },
  async runVectors() {
    const { suites } = JSON.parse(await (await fetch('/vectors.json')).text()) as { suites: VectorSuite[] };
    return JSON.stringify(suites.flatMap(runSuite));
  },
};

(globalThis as unknown as { flagstaffPage: PageApi }).flagstaffPage = api;
