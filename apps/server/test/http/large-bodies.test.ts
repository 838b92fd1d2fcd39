import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const MB = 1024 * 1024;
const TRIES = 4;

interface Exchange {
  /** Status lines in the order they arrived (`100` first when the server said Continue). */
  statuses: number[];
  /** How the exchange ended for the client: the whole answer read, or a reset/error first. */
  outcome: 'answered' | 'reset';
  body: string;
}

/** Reads what the server sends until it closes, keeping the status lines. */
function collect(socket: Socket): { done: Promise<Exchange>; text(): string } {
  let text = '';
  let outcome: Exchange['outcome'] = 'answered';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  const done = new Promise<Exchange>((resolve) => {
    socket.on('error', () => {
      outcome = 'reset';
    });
    socket.on('close', () => {
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ statuses, outcome, body: text.slice(text.lastIndexOf('\r\n\r\n') + 4) });
    });
  });
  return { done, text: () => text };
}

function head(port: number, size: number, expectContinue: boolean): string {
  return [
    'POST /api/v1/segments HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Authorization: Bearer ${ADMIN_TOKEN}`,
    'Content-Type: application/json',
    `Content-Length: ${size}`,
    // The client closes after one answer; a server that keeps the connection open is fine too.
    'Connection: close',
    ...(expectContinue ? ['Expect: 100-continue'] : []),
    '',
    '',
  ].join('\r\n');
}

/** A valid segment as JSON, padded with spaces to exactly `size` bytes. */
function bodyOf(size: number, key: string): Buffer {
  const json = `{"key":"${key}"}`;
  return Buffer.from(json.padEnd(size, ' '));
}

/** Sends the whole body at once, as curl does without `Expect`, and reads the answer. */
async function send(port: number, size: number, key: string): Promise<Exchange> {
  const socket = connect(port, '127.0.0.1');
  const reply = collect(socket);
  socket.on('connect', () => {
    socket.write(head(port, size, false));
    socket.write(bodyOf(size, key), () => {});
  });
  socket.setTimeout(30_000, () => socket.destroy());
  return reply.done;
}

/**
 * Sends the headers with `Expect: 100-continue` and waits: the body goes only after `100 Continue`,
 * as a client that honours the expectation does. A final answer first means the body is never sent.
 */
async function sendExpecting(port: number, size: number, key: string): Promise<Exchange> {
  const socket = connect(port, '127.0.0.1');
  const reply = collect(socket);
  let sent = false;
  socket.on('connect', () => socket.write(head(port, size, true)));
  socket.on('data', () => {
    if (/^HTTP\/1\.1 100/.test(reply.text()) && !sent) {
      sent = true;
      socket.write(bodyOf(size, key));
    }
  });
  // A server that never answers the expectation: give up (a client would send the body after ~1 s).
  socket.setTimeout(10_000, () => socket.destroy());
  return reply.done;
}

describe.each(drivers())('bodies over the limit, over real sockets (%s)', (driver) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp(driver);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await t?.database.close();
  });

  it.each([4, 10])(
    'answers 413 every time to a %i MB body sent at once',
    async (megabytes) => {
      for (let i = 0; i < TRIES; i += 1) {
        const exchange = await send(port, megabytes * MB, `big_${megabytes}_${i}`);
        expect(exchange, `try ${i}`).toMatchObject({ outcome: 'answered', statuses: [413] });
        expect(JSON.parse(exchange.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      }
    },
    120_000,
  );

  it.each([4, 10])(
    'answers 413 without 100 Continue to a %i MB body announced with Expect',
    async (megabytes) => {
      for (let i = 0; i < TRIES; i += 1) {
        const exchange = await sendExpecting(port, megabytes * MB, `big_expect_${megabytes}_${i}`);
        expect(exchange, `try ${i}`).toMatchObject({ outcome: 'answered', statuses: [413] });
      }
    },
    120_000,
  );

  it('answers 413 to a chunked body that grows past the limit, read to its end', async () => {
    for (let i = 0; i < TRIES; i += 1) {
      const socket = connect(port, '127.0.0.1');
      const reply = collect(socket);
      socket.on('connect', () => {
        socket.write(head(port, 0, false).replace('Content-Length: 0', 'Transfer-Encoding: chunked'));
        const chunk = bodyOf(MB, `chunked_${i}`);
        for (let c = 0; c < 6; c += 1) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        socket.write('0\r\n\r\n');
      });
      const exchange = await reply.done;
      expect(exchange, `try ${i}`).toMatchObject({ outcome: 'answered', statuses: [413] });
    }
  }, 120_000);

  it('still says 100 Continue to a body within the limit, and takes it', async () => {
    const exchange = await sendExpecting(port, 10_000, 'small_expect');
    expect(exchange).toMatchObject({ outcome: 'answered', statuses: [100, 201] });
    const made = await t.request({ method: 'GET', url: '/api/v1/segments/small_expect' });
    expect(made.statusCode).toBe(200);
    const none = await t.request({ method: 'GET', url: '/api/v1/segments?limit=500' });
    expect(none.json().items.map((s: { key: string }) => s.key)).not.toContain('big_4_0');
  });
});
