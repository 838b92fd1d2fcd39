/**
 * PROTOCOL TEST DOUBLE: a minimal HTTP server speaking docs/sdk-protocol.md (snapshot with ETag/304,
 * SSE stream with Last-Event-ID, metrics intake), started on 127.0.0.1 at a random port inside the
 * tests. It is not the Flagstaff server: it exists to drive the SDKs through faults the real server
 * cannot be asked to produce on cue (silence, garbage, refusals). Integration tests against the real
 * server (apps/server) come once its SDK endpoints land.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Snapshot } from '@flagstaff/evaluator';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ProtocolDouble {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Key → what the server answers for it (200 for a good key). */
  keys: Map<string, 200 | 401 | 403>;
  /** A status the stream endpoint answers instead of streaming (e.g. 404, 503); 200 streams. */
  streamStatus: number;
  /** A status the snapshot endpoint answers instead of serving; 200 serves. */
  snapshotStatus: number;
  /** Accept stream connections but never write a byte (a half-open connection). */
  silent: boolean;
  readonly openStreams: number;
  /** Serves `snapshot` from now on and pushes it to every open stream. */
  publish(snapshot: Snapshot): void;
  /** Writes raw text to every open stream (malformed events, partial chunks). */
  write(text: string): void;
  /** Ends every open stream from the server side. */
  dropStreams(): void;
  /** Stops listening (the server is away); `start` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function event(snapshot: Snapshot, id: number = snapshot.revision): string {
  return `id: ${id}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

export async function startProtocolDouble(initial: Snapshot, goodKey = 'srv_test'): Promise<ProtocolDouble> {
  let snapshot = initial;
  const streams = new Set<ServerResponse>();
  const requests: RecordedRequest[] = [];
  let port = 0;
  let server: Server;

  const keyOf = (req: IncomingMessage, url: URL) =>
    url.searchParams.get('key') ?? req.headers.authorization?.replace(/^Bearer /, '') ?? '';

  const double: ProtocolDouble = {
    url: '',
    requests,
    keys: new Map([[goodKey, 200]]),
    streamStatus: 200,
    snapshotStatus: 200,
    silent: false,
    get openStreams() {
      return streams.size;
    },
    publish(next) {
      snapshot = next;
      for (const res of streams) res.write(event(next));
    },
    write(text) {
      for (const res of streams) res.write(text);
    },
    dropStreams() {
      for (const res of streams) res.end();
      streams.clear();
    },
    async stop() {
      for (const res of streams) res.destroy();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    start: () => listen(),
    close: () => double.stop(),
  };

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });
    const auth = double.keys.get(keyOf(req, url)) ?? 401;
    if (auth !== 200) return res.writeHead(auth).end();
    if (url.pathname === '/api/v1/sdk/metrics' && req.method === 'POST') return res.writeHead(202).end();
    if (url.pathname === '/api/v1/sdk/snapshot') {
      if (double.snapshotStatus !== 200) return res.writeHead(double.snapshotStatus).end();
      const etag = `"${snapshot.revision}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      return res
        .writeHead(200, { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' })
        .end(JSON.stringify(snapshot));
    }
    if (url.pathname === '/api/v1/sdk/stream') {
      if (double.streamStatus !== 200) return res.writeHead(double.streamStatus).end();
      if (double.silent) return streams.add(res);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (req.headers['last-event-id'] !== String(snapshot.revision)) res.write(event(snapshot));
      else res.write(': connected\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    res.writeHead(404).end();
  }

  async function listen() {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => handle(req, res, body));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    (double as { url: string }).url = `http://127.0.0.1:${port}`;
  }

  await listen();
  return double;
}

/** A snapshot with boolean flags, each `on` for everyone or `off` (fallthrough variant). */
export function snapshotOf(revision: number, flags: Record<string, boolean>): Snapshot {
  return {
    schemaVersion: 1,
    environment: 'test',
    revision,
    segments: [],
    flags: Object.entries(flags).map(([key, on]) => ({
      key,
      type: 'release',
      salt: `salt-${key}`,
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      enabled: true,
      offVariant: 'off',
      rules: [],
      fallthrough: { variant: on ? 'on' : 'off' },
    })),
  };
}

/** Resolves when `check` holds, polling every 5 ms; rejects after `timeout` ms. */
export async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
