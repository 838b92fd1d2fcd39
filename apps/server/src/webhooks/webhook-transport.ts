import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './webhook-url-guard.ts';

export interface WebhookRequest {
  url: URL;
  /** The checked address to connect to, whatever DNS says by now. */
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  status: number;
  /** The `location` header of a redirect, which is never followed. */
  location: string | undefined;
  /** The first bytes of the response body, for the delivery log. */
  excerpt: string;
}

/** Sends one attempt; rejects on network errors and timeouts. Injected in tests. */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;

const EXCERPT_BYTES = 512;

/** A `lookup` that always answers the checked address: the connection cannot go where DNS now points. */
function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as LookupFunction;
}

/** node:http(s), one connection per attempt (no pooled socket outlives its check), redirects not followed. */
export const nodeTransport: WebhookTransport = (request) =>
  new Promise((resolve, reject) => {
    const { url } = request;
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      {
        protocol: url.protocol,
        // TLS checks the certificate against the name, while the socket goes to the pinned address.
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(request.address),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            excerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_BYTES),
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (size >= EXCERPT_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', finish);
        res.on('error', finish);
        res.on('close', finish);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no response within ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(request.body);
  });
