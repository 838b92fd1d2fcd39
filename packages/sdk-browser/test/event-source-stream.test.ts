import type { FlagstaffError, StreamHandlers } from '@flagstaff/sdk-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventSourceStream } from '../src/event-source-stream.ts';
import type { EventSourceLike } from '../src/index.ts';

/** An EventSource the test drives by hand. */
class ScriptedSource implements EventSourceLike {
  static last: ScriptedSource;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: { data: string }) => void>();
  constructor(readonly url: string) {
    ScriptedSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data: string }) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data = '') {
    this.listeners.get(type)?.({ data });
  }
}

function open(lastEventId: number | undefined) {
  const seen: string[] = [];
  const ended: [string | undefined, boolean][] = [];
  const handlers: StreamHandlers = {
    open: () => seen.push('open'),
    snapshot: (data) => seen.push(`snapshot ${data}`),
    patch: (data) => seen.push(`patch ${data}`),
    retry: () => {},
    refused: () => {},
    ended: (error: FlagstaffError | undefined, canRetry) => ended.push([error?.code, canRetry]),
  };
  const close = eventSourceStream(ScriptedSource)(
    { url: 'http://f.test/api/v1/sdk/stream?key=k', headers: {}, lastEventId, readTimeout: 45_000, fetch },
    handlers,
  );
  return { seen, ended, close, source: ScriptedSource.last };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the EventSource stream transport', () => {
  it('resumes with lastEventId in the query, and passes snapshot events on', () => {
    const s = open(7);
    expect(s.source.url).toBe('http://f.test/api/v1/sdk/stream?key=k&lastEventId=7');
    expect(open(undefined).source.url).toBe('http://f.test/api/v1/sdk/stream?key=k');
    s.source.onopen?.();
    s.source.emit('snapshot', '{"revision":8}');
    expect(s.seen).toEqual(['open', 'snapshot {"revision":8}']);
  });

  it('closes on the first error: before opening it reports no cause (the poll will), after opening it just ends', () => {
    const before = open(undefined);
    before.source.onerror?.();
    expect(before.source.closed).toBe(true);
    expect(before.ended).toEqual([[undefined, false]]);
    const after = open(undefined);
    after.source.onopen?.();
    after.source.onerror?.();
    expect(after.ended).toEqual([[undefined, true]]);
  });

  it('times out a stream silent for 45 s once the server has shown it sends ping events', () => {
    const s = open(undefined);
    s.source.onopen?.();
    vi.advanceTimersByTime(120_000);
    expect(s.ended).toEqual([]); // no ping ever seen: comments are invisible, nothing to measure
    s.source.emit('ping', '1');
    vi.advanceTimersByTime(44_000);
    s.source.emit('ping', '1');
    vi.advanceTimersByTime(44_000);
    expect(s.ended).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(s.ended).toEqual([['READ_TIMEOUT', true]]);
    expect(s.source.closed).toBe(true);
  });

  it('stops timing once closed by the sync', () => {
    const s = open(undefined);
    s.source.onopen?.();
    s.source.emit('ping', '1');
    s.close();
    vi.advanceTimersByTime(100_000);
    expect(s.ended).toEqual([]);
  });
});
