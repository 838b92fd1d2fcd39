import type { Snapshot } from '@flagstaff/evaluator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchStream } from '../src/fetch-stream.ts';
import type { FlagstaffError } from '../src/flagstaff-error.ts';
import { patchEvents } from '../src/patch-events.ts';
import { createSync, type Sync } from '../src/sync.ts';
import type { SyncOptions } from '../src/sync-options.ts';
import { event, snapshotOf } from './protocol-double.ts';

/** One scripted answer of the fake fetch: a response, or a network failure. */
type Answer = Response | 'network-error' | 'hang';

interface Call {
  at: number;
  url: string;
  headers: Record<string, string>;
}

function streamResponse(init: RequestInit, chunks: string[], open = true): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      if (!open) controller.close();
      init.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

function hang(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) =>
    init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
  );
}

function harness(answer: (call: Call, init: RequestInit) => Answer, options: Partial<SyncOptions> = {}) {
  const calls: Call[] = [];
  const errors: FlagstaffError[] = [];
  const reachable: boolean[] = [];
  const snapshots: Snapshot[] = [];
  const sync: Sync = createSync({
    url: 'http://flags.test/',
    headers: { authorization: 'Bearer srv_k' },
    streaming: true,
    stream: fetchStream,
    pollInterval: 30_000,
    readTimeout: 45_000,
    backoff: { random: () => 0.5 },
    now: () => Date.now(),
    revision: () => snapshots.at(-1)?.revision,
    held: () => snapshots.at(-1),
    fetch: async (url, init) => {
      const call = { at: Date.now(), url, headers: init.headers as Record<string, string> };
      calls.push(call);
      const a = answer(call, init);
      if (a === 'network-error') throw new TypeError('fetch failed');
      if (a === 'hang') return hang(init);
      return a;
    },
    onSnapshot: (s) => snapshots.push(s),
    onError: (e) => errors.push(e),
    onReachable: (r) => reachable.push(r),
    ...options,
  });
  return { sync, calls, errors, reachable, snapshots };
}

const streams = (calls: Call[]) => calls.filter((c) => c.url.endsWith('/stream'));
const polls = (calls: Call[]) => calls.filter((c) => c.url.endsWith('/snapshot'));
const patchStreams = (calls: Call[]) => calls.filter((c) => c.url.endsWith('/stream?patches=1'));

describe('sync', () => {
  let sync: Sync | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    sync?.close();
    vi.useRealTimers();
  });

  it('retries network errors with jittered exponential backoff capped at 30 s', async () => {
    const h = harness(() => 'network-error');
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(120_000);
    const times = streams(h.calls).map((c) => c.at);
    // random() = 0.5: half of each ceiling 1, 2, 4, 8, 16, 30, 30 … s
    expect(times.slice(0, 8)).toEqual([0, 500, 1500, 3500, 7500, 15500, 30500, 45500]);
    expect(h.errors.every((e) => e.code === 'NETWORK')).toBe(true);
    expect(h.reachable[0]).toBe(false);
  });

  for (const status of [408, 429, 500, 503]) {
    it(`retries a ${status}`, async () => {
      const h = harness(() => new Response(null, { status }));
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(streams(h.calls).length).toBeGreaterThan(3);
      expect(h.errors[0]?.status).toBe(status);
    });
  }

  for (const [status, code] of [
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
  ] as const) {
    it(`reports a ${status} once and never asks again`, async () => {
      const h = harness(() => new Response(null, { status }));
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(h.calls).toHaveLength(1);
      expect(h.errors.map((e) => e.code)).toEqual([code]);
    });

    it(`stops polling on a ${status} too`, async () => {
      const h = harness(() => new Response(null, { status }), { streaming: false });
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(h.calls).toHaveLength(1);
      expect(h.errors.map((e) => e.code)).toEqual([code]);
    });
  }

  it('sends the key as a bearer header, or as ?key= for browsers', async () => {
    const h = harness(() => 'hang');
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls[0]?.url).toBe('http://flags.test/api/v1/sdk/stream');
    expect(h.calls[0]?.headers.authorization).toBe('Bearer srv_k');
    sync.close();
    const q = harness(() => 'hang', { headers: undefined, query: `key=${encodeURIComponent('cli/k')}` });
    sync = q.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(q.calls[0]?.url).toBe('http://flags.test/api/v1/sdk/stream?key=cli%2Fk');
    expect(q.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('falls back to ETag polling when the stream endpoint is missing, and stops once it streams', async () => {
    let streamUp = false;
    const h = harness((call, init) => {
      if (call.url.endsWith('/stream')) {
        return streamUp
          ? streamResponse(init, [event(snapshotOf(3, {}))])
          : new Response(null, { status: 404 });
      }
      if (call.headers['if-none-match'] === '"2"') return new Response(null, { status: 304 });
      return Response.json(snapshotOf(2, {}), { headers: { etag: '"2"' } });
    });
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(polls(h.calls)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls(h.calls).map((c) => c.headers['if-none-match'])).toEqual([undefined, '"2"', '"2"']);
    expect(h.snapshots.map((s) => s.revision)).toEqual([2]);
    streamUp = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.snapshots.map((s) => s.revision)).toEqual([2, 3]);
    const pollsThen = polls(h.calls).length;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(polls(h.calls)).toHaveLength(pollsThen);
  });

  it('starts polling after repeated stream failures, while still retrying the stream', async () => {
    const h = harness((call) =>
      call.url.endsWith('/stream')
        ? 'network-error'
        : Response.json(snapshotOf(5, {}), { headers: { etag: '"5"' } }),
    );
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(400);
    expect(polls(h.calls)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(polls(h.calls)).toHaveLength(1);
    expect(h.snapshots.map((s) => s.revision)).toEqual([5]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams(h.calls).length).toBeGreaterThan(4);
  });

  it('reconnects a stream silent for 45 s (half-open) and reports it', async () => {
    const h = harness((_, init) => streamResponse(init, [event(snapshotOf(1, {}))]));
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(44_999);
    expect(streams(h.calls)).toHaveLength(1);
    expect(h.errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 500);
    expect(h.errors.map((e) => e.code)).toEqual(['READ_TIMEOUT']);
    expect(streams(h.calls)).toHaveLength(2);
    expect(streams(h.calls)[1]?.headers['last-event-id']).toBe('1');
  });

  it('counts pings as life: a pinged stream is not timed out', async () => {
    let ping: (() => void) | undefined;
    const h = harness(
      (_, init) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              ping = () => c.enqueue(new TextEncoder().encode(': ping\n'));
              init.signal?.addEventListener('abort', () => c.error(new Error('aborted')));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    sync = h.sync;
    sync.start();
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      ping?.();
    }
    expect(streams(h.calls)).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  for (const [upFor, nextDelay] of [
    [70_000, 500],
    [10_000, 4000],
  ] as const) {
    it(`after a stream that stayed up ${upFor / 1000} s, waits ${nextDelay} ms (reset after a healthy minute)`, async () => {
      let n = 0;
      let end: (() => void) | undefined;
      let ping: (() => void) | undefined;
      const h = harness((call, init) => {
        if (call.url.endsWith('/snapshot')) return 'hang'; // the polling fallback: not under test here
        n++;
        if (n <= 3 || n > 4) return 'network-error';
        return new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              end = () => c.close();
              ping = () => c.enqueue(new TextEncoder().encode(': ping\n'));
              init.signal?.addEventListener('abort', () => c.error(new Error('aborted')));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      });
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(3500); // failures at 0, 500, 1500; opens at 3500
      expect(streams(h.calls)).toHaveLength(4);
      for (let t = 0; t < upFor; t += 10_000) {
        await vi.advanceTimersByTimeAsync(10_000);
        ping?.();
      }
      end?.();
      await vi.advanceTimersByTimeAsync(nextDelay);
      expect(streams(h.calls).map((c) => c.at)[4]).toBe(3500 + upFor + nextDelay);
    });
  }

  it('reports unreachable after a failure and reachable after the next success', async () => {
    let up = false;
    const h = harness((call, init) => {
      if (call.url.endsWith('/snapshot')) return 'hang';
      return up ? streamResponse(init, [event(snapshotOf(1, {}))]) : 'network-error';
    });
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(600);
    up = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.reachable).toEqual([false, false, true]);
  });

  it('does not flap to unreachable on stream failures while polling reaches the server', async () => {
    const h = harness((call) =>
      call.url.endsWith('/stream')
        ? new Response(null, { status: 503 })
        : Response.json(snapshotOf(2, {}), { headers: { etag: '"2"' } }),
    );
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(120_000);
    const firstGood = h.reachable.indexOf(true);
    expect(firstGood).toBeGreaterThan(0);
    expect(h.reachable.slice(firstGood)).not.toContain(false);
    expect(streams(h.calls).length).toBeGreaterThan(4); // the stream is still being retried
  });

  it('ignores stream events that are not snapshots, and reports payloads that are not', async () => {
    const h = harness((_, init) =>
      streamResponse(init, [
        'event: other\ndata: {}\n\n',
        'event: snapshot\ndata: {"revision": "x"}\n\n',
        'event: snapshot\ndata: {not json\n\n',
        event(snapshotOf(4, {})),
      ]),
    );
    sync = h.sync;
    sync.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.snapshots.map((s) => s.revision)).toEqual([4]);
    expect(h.errors.map((e) => e.code)).toEqual(['BAD_SNAPSHOT', 'BAD_SNAPSHOT']);
  });

  describe('patch events', () => {
    const patchEvent = (patch: Record<string, unknown>) =>
      `id: ${patch.revision}\nevent: patch\ndata: ${JSON.stringify({
        flags: [],
        removedFlags: [],
        segments: [],
        removedSegments: [],
        ...patch,
      })}\n\n`;
    const flagsOf = (s: Snapshot | undefined) => s?.flags.map((f) => `${f.key}:${f.fallthrough.variant}`);

    it('asks for patches and applies each on top of the revision it was made against', async () => {
      const changed = snapshotOf(6, { b: false, c: true }).flags;
      const h = harness(
        (_, init) =>
          streamResponse(init, [
            event(snapshotOf(5, { a: true, b: true })),
            patchEvent({ base: 5, revision: 6, flags: changed, removedFlags: ['a'] }),
            // Not newer than what is held: nothing to do.
            patchEvent({ base: 4, revision: 6, flags: [] }),
          ]),
        { patches: patchEvents() },
      );
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(10);
      expect(patchStreams(h.calls)[0]?.url).toBe('http://flags.test/api/v1/sdk/stream?patches=1');
      expect(h.snapshots.map((s) => s.revision)).toEqual([5, 6]);
      expect(flagsOf(h.snapshots[1])).toEqual(['b:off', 'c:on']);
      expect(h.errors).toEqual([]);
    });

    it('reconnects for a whole snapshot when a patch was made against a revision it does not hold', async () => {
      const h = harness(
        (_, init) =>
          streamResponse(init, [
            event(snapshotOf(5, { a: true })),
            patchEvent({ base: 6, revision: 7, flags: snapshotOf(7, { a: false }).flags }),
          ]),
        { patches: patchEvents() },
      );
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(10);
      // The gap closed the stream and opened another at once (no backoff wait)...
      expect(patchStreams(h.calls).length).toBeGreaterThanOrEqual(2);
      expect(patchStreams(h.calls)[1]?.at).toBe(0);
      // ...and the patch was never applied on top of revision 5.
      expect(h.snapshots.every((s) => s.revision === 5)).toBe(true);
      // A server that keeps sending gaps is then asked with the backoff, not in a tight loop.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(patchStreams(h.calls).length).toBeLessThan(15);
    });

    it('reports a malformed patch and keeps the snapshot it holds', async () => {
      const h = harness(
        (_, init) =>
          streamResponse(init, [
            event(snapshotOf(5, { a: true })),
            'id: 6\nevent: patch\ndata: {"base":5,"revision":6,"flags":"nope"}\n\n',
            'id: 7\nevent: patch\ndata: {not json\n\n',
          ]),
        { patches: patchEvents() },
      );
      sync = h.sync;
      sync.start();
      await vi.advanceTimersByTimeAsync(10);
      expect(h.snapshots.map((s) => s.revision)).toEqual([5]);
      expect(h.errors.map((e) => e.code)).toEqual(['BAD_SNAPSHOT', 'BAD_SNAPSHOT']);
    });
  });
});
