import http from 'node:http';

const ID = Buffer.from('\nid: ');

export interface SseConnection {
  /** When each revision's event arrived (performance.now()). */
  arrivals: Map<number, number>;
  latest: number;
  close(): void;
}

/**
 * A lean SSE client on node:http (no fetch, no full parser): one socket per connection, and only the
 * `id:` lines are read, so a thousand of them fit in the benchmark process.
 */
export function openSseConnection(base: string, token: string, patches = false): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1/sdk/stream${patches ? '?patches=1' : ''}`, base);
    const request = http.get(url, {
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      const connection: SseConnection = {
        arrivals: new Map(),
        latest: -1,
        close: () => request.destroy(),
      };
      // Raw bytes, never decoded: only the `id: <revision>` line that opens each event is read.
      let carry = Buffer.from('\n');
      const seen = (data: Buffer, from: number, until: number, now: number) => {
        for (;;) {
          const at = data.indexOf(ID, from);
          if (at < 0 || at >= until) return;
          const end = data.indexOf(10, at + ID.length);
          if (end < 0) return;
          const revision = Number(data.toString('latin1', at + ID.length, end));
          if (!connection.arrivals.has(revision)) connection.arrivals.set(revision, now);
          connection.latest = Math.max(connection.latest, revision);
          from = end + 1;
        }
      };
      response.on('data', (chunk: Buffer) => {
        const now = performance.now();
        // An `id:` line split across chunks: look at the seam only (no copy of the whole chunk).
        seen(Buffer.concat([carry, chunk.subarray(0, 32)]), 0, carry.length, now);
        seen(chunk, 0, chunk.length, now);
        carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 32)));
      });
      response.on('error', () => {});
      resolve(connection);
    });
  });
}

/** Opens `count` streams, `batch` at a time. */
export async function openMany(
  base: string,
  token: string,
  count: number,
  patches = false,
  batch = 200,
): Promise<SseConnection[]> {
  const all: SseConnection[] = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    all.push(
      ...(await Promise.all(Array.from({ length: size }, () => openSseConnection(base, token, patches)))),
    );
  }
  return all;
}
