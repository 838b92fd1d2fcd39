import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../src/sse-parser.ts';

function parse(chunks: string[]): { events: SseEvent[]; retries: number[] } {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ event: (e) => events.push(e), retry: (ms) => retries.push(ms) });
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries };
}

const STREAM =
  ': ping\r\n' +
  'id: 1\r\nevent: snapshot\r\ndata: {"a":1}\r\n\r\n' +
  'data: line one\ndata: line two\n\n' +
  'retry: 2500\rid: 7\revent: snapshot\rdata:no-space\r\r' +
  'data\n\n' +
  'event: snapshot\nunknown: x\ndata: {"b":2}\n\n';

const EXPECTED: SseEvent[] = [
  { type: 'snapshot', data: '{"a":1}', id: '1' },
  { type: 'message', data: 'line one\nline two', id: '1' },
  { type: 'snapshot', data: 'no-space', id: '7' },
  { type: 'message', data: '', id: '7' },
  { type: 'snapshot', data: '{"b":2}', id: '7' },
];

describe('SSE parser', () => {
  it('reads CRLF, LF and CR line ends, multi-line data, comments, ids and retry', () => {
    const { events, retries } = parse([STREAM]);
    expect(events).toEqual(EXPECTED);
    expect(retries).toEqual([2500]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    for (let i = 0; i <= STREAM.length; i++) {
      for (const j of [i, Math.min(STREAM.length, i + 1), Math.min(STREAM.length, i + 7)]) {
        const { events } = parse([STREAM.slice(0, i), STREAM.slice(i, j), STREAM.slice(j)]);
        expect(events, `cut at ${i} and ${j}`).toEqual(EXPECTED);
      }
    }
  });

  it('gives the same events fed one character at a time', () => {
    expect(parse([...STREAM]).events).toEqual(EXPECTED);
  });

  it('drops an event the stream ends in the middle of (truncated)', () => {
    const { events } = parse([
      'id: 3\nevent: snapshot\ndata: {"a":1}\n\nid: 4\nevent: snapshot\ndata: {"trunc',
    ]);
    expect(events.map((e) => e.id)).toEqual(['3']);
  });

  it('strips one leading byte order mark and ignores ids containing NUL and bad retry values', () => {
    const { events, retries } = parse(['\uFEFFid: 5\n', 'data: x\n\nid: a\0b\nretry: 1.5\ndata: y\n\n']);
    expect(events).toEqual([
      { type: 'message', data: 'x', id: '5' },
      { type: 'message', data: 'y', id: '5' },
    ]);
    expect(retries).toEqual([]);
  });

  it('does not dispatch comment-only or empty blocks', () => {
    expect(parse([': ping\n\n: ping\n\n\n\n']).events).toEqual([]);
  });
});

describe('SSE parser, property', () => {
  const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
  const field = text.filter((s) => !s.startsWith(' '));
  const event = fc.record({
    id: fc.stringMatching(/^[0-9]{1,4}$/),
    type: fc.stringMatching(/^[a-z]{1,8}$/),
    lines: fc.array(field, { minLength: 1, maxLength: 3 }),
    comment: fc.option(text),
  });

  it('parses any stream the same however it is split and whatever line ends it uses', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 5 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (events, eol, cuts) => {
          const stream = events
            .map(
              (e) =>
                (e.comment === null ? '' : `:${e.comment}${eol}`) +
                `id: ${e.id}${eol}event: ${e.type}${eol}` +
                e.lines.map((l) => `data: ${l}${eol}`).join('') +
                eol,
            )
            .join('');
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => stream.slice(p, all[i + 1] ?? stream.length));
          expect(parse(chunks).events).toEqual(
            events.map((e) => ({ type: e.type, data: e.lines.join('\n'), id: e.id })),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
