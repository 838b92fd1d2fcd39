import { FlagstaffError, type StreamTransport } from '@flagstaff/sdk-core';

/** The part of the platform's EventSource the SDK uses. */
export interface EventSourceLike {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/**
 * The stream over the browser's own EventSource: no SSE parser or stream reader in the bundle. The
 * SDK keeps its own reconnect policy (backoff with jitter, polling): on the first error it closes
 * the source rather than let the browser retry at its fixed pace. What EventSource cannot do:
 * - send headers: the client key goes as `?key=`, and the revision held as `lastEventId=` (a new
 *   EventSource sends no `Last-Event-ID`; a server that ignores the parameter sends the whole
 *   snapshot, which the SDK drops when it is not newer);
 * - tell a refused key from a network error: a failure before opening makes the sync poll at once,
 *   and the poll's status is final (401 / 403);
 * - see `: ping` comments: a silent (half-open) stream is detected only from a server that also
 *   sends `event: ping`; the read timeout is armed from the first such event.
 */
export function eventSourceStream(Source: EventSourceConstructor): StreamTransport {
  return (request, h) => {
    const last = request.lastEventId;
    const source = new Source(
      last === undefined
        ? request.url
        : `${request.url}${request.url.includes('?') ? '&' : '?'}lastEventId=${last}`,
    );
    let opened = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const close = () => {
      clearTimeout(watchdog);
      source.close();
    };
    // Before opening, the cause is unknown (a refused key looks like a network error): report none
    // and let the poll that the sync starts at once find it. After opening, an error is also how a
    // stream the server ended looks: just reconnect, as the fetch transport does.
    const end = (error?: FlagstaffError) => {
      close();
      h.ended(opened ? error : undefined, opened);
    };
    source.onopen = () => {
      opened = true;
      h.open();
    };
    source.onerror = () => end();
    source.addEventListener('snapshot', (event) => h.snapshot(event.data));
    source.addEventListener('ping', () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(
        () => end(new FlagstaffError('READ_TIMEOUT', 'stream silent')),
        request.readTimeout,
      );
    });
    return close;
  };
}
