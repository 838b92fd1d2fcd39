/** A minimal SSE client for the tests (fetch and a line parser), independent of the SDKs. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** Every event but heartbeats. */
  events: SseEvent[];
  comments: string[];
  /** `event: ping` heartbeats received. */
  heartbeats: SseEvent[];
  /** Resolves with the first event (already received or coming) that satisfies `match`. */
  next(match?: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream (or it breaks). */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const heartbeats: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  let finished = false;

  async function pump(): Promise<void> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (fields.data.length > 0) {
              const event = { id: fields.id, event: fields.event ?? 'message', data: fields.data.join('\n') };
              (event.event === 'ping' ? heartbeats : events).push(event);
              notify();
            }
            fields = { data: [] };
          } else if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            notify();
          } else {
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'data') fields.data.push(value);
            else if (name === 'id') fields.id = value;
            else if (name === 'event') fields.event = value;
          }
          newline = buffer.indexOf('\n');
        }
      }
    } catch {
      // Aborted or broken: the stream has ended either way.
    } finally {
      finished = true;
      notify();
    }
  }

  const ended = response.ok ? pump() : Promise.resolve();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    heartbeats,
    ended,
    next(match = () => true, timeoutMs = 5_000) {
      return new Promise<SseEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            done();
            resolve(found);
          } else if (finished) {
            done();
            reject(
              new Error(`the stream ended before a matching event; got ${events.map((e) => e.id).join(',')}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.id).join(',')}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      controller.abort();
    },
  };
}

export function revisionOf(event: SseEvent): number {
  return (JSON.parse(event.data) as { revision: number }).revision;
}
