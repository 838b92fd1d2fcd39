import { createBackoff } from './backoff.ts';
import { FlagstaffError } from './flagstaff-error.ts';
import { refusal, retryable } from './http-status.ts';
import { parseSnapshotJson } from './parse-snapshot.ts';
import { readStream } from './read-stream.ts';
import { createSseParser } from './sse-parser.ts';
import type { SyncOptions } from './sync-options.ts';

/** Keeps one environment's snapshot fresh: the only module of the SDKs that talks to the server. */
export interface Sync {
  start(): void;
  /** Stops every request and timer; nothing is reported afterwards. */
  close(): void;
}

type Timer = ReturnType<typeof setTimeout>;

/** Stream failures in a row before polling starts alongside the reconnect attempts. */
const POLL_AFTER_FAILURES = 2;

function networkError(error: unknown): FlagstaffError {
  return new FlagstaffError('NETWORK', 'server unreachable', undefined, error);
}

function httpError(status: number): FlagstaffError {
  return new FlagstaffError('HTTP', `HTTP ${status}`, status);
}

export function createSync(o: SyncOptions): Sync {
  const backoff = createBackoff(o.backoff);
  const base = o.url.replace(/\/+$/, '');
  let closed = false;
  let stream: AbortController | undefined;
  let reconnect: Timer | undefined;
  let failures = 0;
  let pollGeneration = 0;
  let polling = false;
  /** Whether the last poll reached the server: then a failing stream alone does not make us stale. */
  let pollOk = false;
  let pollAbort: AbortController | undefined;
  let pollTimer: Timer | undefined;

  const endpoint = (name: string) =>
    `${base}/api/v1/sdk/${name}${o.keyIn === 'query' ? `?key=${encodeURIComponent(o.key)}` : ''}`;
  const headers = (extra: Record<string, string>): Record<string, string> =>
    o.keyIn === 'header' ? { authorization: `Bearer ${o.key}`, ...extra } : extra;

  function close() {
    closed = true;
    stopPolling();
    stream?.abort();
    clearTimeout(reconnect);
  }

  function fatal(error: FlagstaffError) {
    if (closed) return;
    close();
    o.onError(error);
  }

  function failed(error: FlagstaffError, fromStream = false) {
    if (closed) return;
    o.onError(error);
    if (!(fromStream && polling && pollOk)) o.onReachable(false);
  }

  function reached(viaPoll: boolean) {
    pollOk = viaPoll;
    o.onReachable(true);
  }

  function received(text: string) {
    const snapshot = parseSnapshotJson(text);
    if (snapshot === undefined) o.onError(new FlagstaffError('BAD_SNAPSHOT', 'not a snapshot: ignored'));
    else o.onSnapshot(snapshot);
  }

  // ---- polling: the fallback while streaming is unavailable, or the only mode with streaming off

  function startPolling() {
    if (polling || closed) return;
    polling = true;
    void poll(++pollGeneration);
  }

  function stopPolling() {
    polling = false;
    pollOk = false;
    pollGeneration++;
    pollAbort?.abort();
    clearTimeout(pollTimer);
  }

  function pollFailed(error: FlagstaffError) {
    pollOk = false;
    failed(error);
  }

  async function poll(generation: number) {
    const live = () => !closed && generation === pollGeneration;
    const controller = new AbortController();
    pollAbort = controller;
    const timeout = setTimeout(() => controller.abort(), o.readTimeout);
    try {
      const revision = o.revision();
      const response = await o.fetch(endpoint('snapshot'), {
        headers: headers(revision === undefined ? {} : { 'if-none-match': `"${revision}"` }),
        signal: controller.signal,
      });
      const refused = refusal(response.status);
      if (refused !== undefined) return fatal(refused);
      if (response.status === 304) {
        if (live()) reached(true);
      } else if (response.ok) {
        const text = await response.text();
        if (live()) {
          reached(true);
          received(text);
        }
      } else {
        await response.body?.cancel();
        if (live()) pollFailed(httpError(response.status));
      }
    } catch (error) {
      if (live()) pollFailed(networkError(error));
    } finally {
      clearTimeout(timeout);
    }
    if (live()) pollTimer = setTimeout(() => void poll(generation), o.pollInterval);
  }

  // ---- streaming

  function scheduleReconnect() {
    if (closed) return;
    reconnect = setTimeout(() => void connect(), backoff.next());
  }

  function streamFailed(error: FlagstaffError, canRetry: boolean) {
    failed(error, true);
    failures++;
    if (!canRetry || failures >= POLL_AFTER_FAILURES) startPolling();
    scheduleReconnect();
  }

  async function connect() {
    if (closed) return;
    const controller = new AbortController();
    stream = controller;
    let timedOut = false;
    let watchdog: Timer | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, o.readTimeout);
    };
    const parser = createSseParser({
      event: (event) => event.type === 'snapshot' && received(event.data),
      retry: (ms) => backoff.setBase(ms),
    });
    let openedAt: number | undefined;
    arm();
    try {
      const revision = o.revision();
      const response = await o.fetch(endpoint('stream'), {
        headers: headers({
          accept: 'text/event-stream',
          ...(revision === undefined ? {} : { 'last-event-id': String(revision) }),
        }),
        signal: controller.signal,
      });
      const refused = refusal(response.status);
      if (refused !== undefined) return fatal(refused);
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || response.body === null || !type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        return streamFailed(httpError(response.status), retryable(response.status));
      }
      openedAt = o.now();
      failures = 0;
      stopPolling();
      reached(false);
      await readStream(response.body, arm, (text) => !closed && parser.push(text));
    } catch (error) {
      if (closed) return;
      if (openedAt === undefined) {
        return streamFailed(
          timedOut ? new FlagstaffError('READ_TIMEOUT', 'no answer') : networkError(error),
          true,
        );
      }
      if (timedOut) failed(new FlagstaffError('READ_TIMEOUT', 'stream silent'), true);
    } finally {
      clearTimeout(watchdog);
    }
    // The stream ended or broke after opening: reconnect (the next attempt decides whether we are stale).
    if (openedAt !== undefined) backoff.ended(o.now() - openedAt);
    scheduleReconnect();
  }

  return {
    start() {
      if (o.streaming) void connect();
      else startPolling();
    },
    close,
  };
}
