/** One dispatched Server-Sent Event. */
export interface SseEvent {
  /** `event:` field; `message` when absent. */
  type: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The last event id seen on this stream (it carries over events that set none). */
  id: string;
}

export interface SseParserHandlers {
  event(event: SseEvent): void;
  /** A `retry:` field: the server's reconnection delay in ms. */
  retry?(ms: number): void;
}

export interface SseParser {
  /** Feeds decoded text; chunks may split anywhere, even between `\r` and `\n`. */
  push(text: string): void;
}

/**
 * The WHATWG event-stream interpretation, incrementally: lines end with CRLF, LF or CR; an empty
 * line dispatches; `:` starts a comment; an event still being built when the stream ends is
 * dropped (a truncated event must never be applied), which is why there is no `end()`.
 */
export function createSseParser(handlers: SseParserHandlers): SseParser {
  let buffer = '';
  let first = true;
  let skipLf = false;
  let type = '';
  let data: string[] = [];
  let id = '';
  let pendingId = '';

  const dispatch = () => {
    id = pendingId;
    if (data.length > 0) handlers.event({ type: type || 'message', data: data.join('\n'), id });
    type = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text[0] === ':') return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id') {
      if (!value.includes('\0')) pendingId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) handlers.retry?.(Number(value));
  };

  return {
    push(text) {
      let chunk = text;
      if (chunk === '') return; // keeps a pending CR waiting for the LF that may follow
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      if (skipLf && chunk[0] === '\n') chunk = chunk.slice(1);
      skipLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\r' && c !== '\n') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) skipLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
