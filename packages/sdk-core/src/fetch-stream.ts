import { FlagstaffError } from './flagstaff-error.ts';
import { refusal, retryable } from './http-status.ts';
import { readStream } from './read-stream.ts';
import { createSseParser } from './sse-parser.ts';
import type { StreamTransport } from './stream-transport.ts';

/** The stream over fetch: any header, `Last-Event-ID`, and a read timeout measured on bytes (pings too). */
export const fetchStream: StreamTransport = (request, h) => {
  const controller = new AbortController();
  let closed = false;
  void run();
  return () => {
    closed = true;
    controller.abort();
  };

  async function run() {
    let timedOut = false;
    let opened = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, request.readTimeout);
    };
    const parser = createSseParser({
      event: (event) => {
        if (event.type === 'snapshot') h.snapshot(event.data);
        else if (event.type === 'patch') h.patch(event.data);
      },
      retry: h.retry,
    });
    arm();
    try {
      const last = request.lastEventId;
      const response = await request.fetch(request.url, {
        headers: {
          ...request.headers,
          accept: 'text/event-stream',
          ...(last === undefined ? {} : { 'last-event-id': String(last) }),
        },
        signal: controller.signal,
      });
      const refused = refusal(response.status);
      if (refused !== undefined) return h.refused(refused);
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || response.body === null || !type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        return h.ended(
          new FlagstaffError('HTTP', `HTTP ${response.status}`, response.status),
          retryable(response.status),
        );
      }
      opened = true;
      h.open();
      await readStream(response.body, arm, (text) => !closed && parser.push(text));
    } catch (error) {
      if (closed) return;
      if (!opened) {
        const failure = timedOut
          ? new FlagstaffError('READ_TIMEOUT', 'no answer')
          : new FlagstaffError('NETWORK', 'server unreachable', undefined, error);
        return h.ended(failure, true);
      }
      // Broken after opening: only a silent stream is worth reporting; any other break just reconnects.
      return h.ended(timedOut ? new FlagstaffError('READ_TIMEOUT', 'stream silent') : undefined, true);
    } finally {
      clearTimeout(watchdog);
    }
    if (!closed) h.ended(undefined, true);
  }
};
