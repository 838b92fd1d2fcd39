import { readFile } from 'node:fs/promises';
import {
  type ClientRequest,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

export interface PageServer {
  /** e.g. `http://127.0.0.1:41234`: the page's origin, and the SDK's `url`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Headers that describe one connection, not the message: never forwarded by a proxy. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/**
 * Passes one request to the Flagstaff server and streams the answer back as it comes (SSE included).
 * While the server is away it answers 502, as a reverse proxy in front of it would.
 */
function proxy(req: IncomingMessage, res: ServerResponse, upstream: string, open: Set<ClientRequest>) {
  const target = new URL(req.url ?? '/', upstream);
  const out = request(
    target,
    { method: req.method, headers: { ...forwardable(req.headers), host: target.host }, agent: false },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
      res.flushHeaders();
      answer.pipe(res);
      // The server went away mid-answer (a stream when it stops): the browser sees the cut too.
      answer.once('close', () => {
        if (!answer.complete) res.destroy();
      });
    },
  );
  open.add(out);
  out.once('close', () => open.delete(out));
  out.once('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream unreachable');
    else res.destroy();
  });
  res.once('close', () => out.destroy());
  req.pipe(out);
}

/** A file of `root` (no subfolders), `/` being index.html; never cached, so a reload asks again. */
async function serveFile(root: string, path: string, res: ServerResponse) {
  const name = path === '/' ? 'index.html' : basename(path);
  try {
    const body = await readFile(join(root, name));
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/**
 * The test page's origin: serves the files in `root` and proxies `/api/*` to the Flagstaff server at `upstream`,
 * so the page and the API share one origin and the test depends on no CORS configuration.
 * Listens on 127.0.0.1 at a random port.
 */
export async function startPageServer(root: string, upstream: string): Promise<PageServer> {
  const open = new Set<ClientRequest>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path.startsWith('/api/')) proxy(req, res, upstream, open);
    else void serveFile(root, path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const out of open) out.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
