import { createBackoff } from './backoff.ts';
import { FlagstaffError } from './flagstaff-error.ts';
import { refusal } from './http-status.ts';
import { parseSnapshotJson } from './parse-snapshot.ts';
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
  let closeStream: (() => void) | undefined;
  let reconnect: Timer | undefined;
  let failures = 0;
  let pollGeneration = 0;
  let polling = false;
  /** Whether the last poll reached the server: then a failing stream alone does not make us stale. */
  let pollOk = false;
  let pollAbort: AbortController | undefined;
  let pollTimer: Timer | undefined;

  const endpoint = (name: string, extra = '') => {
    const query = [o.query, extra].filter(Boolean).join('&');
    return `${base}/api/v1/sdk/${name}${query && `?${query}`}`;
  };
  const headers = (extra: Record<string, string>): Record<string, string> => ({ ...o.headers, ...extra });

  function close() {
    closed = true;
    stopPolling();
    closeStream?.();
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
    reconnect = setTimeout(connect, backoff.next());
  }

  /** A stream that did not open. No error: the transport cannot tell why, the poll it starts will. */
  function streamFailed(error: FlagstaffError | undefined, canRetry: boolean) {
    if (error) failed(error, true);
    failures++;
    if (!canRetry || failures >= POLL_AFTER_FAILURES) startPolling();
    scheduleReconnect();
  }

  /** A patch against a revision we do not hold: reconnect, which starts with a whole snapshot. */
  function resync(backOff: boolean) {
    closeStream?.();
    clearTimeout(reconnect);
    if (backOff) scheduleReconnect();
    else connect();
  }

  function connect() {
    if (closed) return;
    let openedAt: number | undefined;
    closeStream = o.stream(
      {
        url: endpoint('stream', o.patches ? 'patches=1' : ''),
        headers: headers({}),
        lastEventId: o.revision(),
        readTimeout: o.readTimeout,
        fetch: o.fetch,
      },
      {
        open() {
          openedAt = o.now();
          failures = 0;
          stopPolling();
          reached(false);
        },
        snapshot: (data) => !closed && received(data),
        patch: (data) => !closed && o.patches?.(data, o, resync),
        retry: (ms) => backoff.setBase(ms),
        refused: fatal,
        ended(error, canRetry) {
          if (closed) return;
          if (openedAt === undefined) return streamFailed(error, canRetry);
          if (error) failed(error, true);
          // The stream ended or broke after opening: reconnect (the next attempt decides whether we are stale).
          backoff.ended(o.now() - openedAt);
          scheduleReconnect();
        },
      },
    );
  }

  return {
    start() {
      if (o.streaming) connect();
      else startPolling();
    },
    close,
  };
}
