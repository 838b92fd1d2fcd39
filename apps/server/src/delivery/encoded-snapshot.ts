import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Snapshot } from '@flagstaff/evaluator';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One audience's snapshot at one revision, in every form a request may want, built once. */
export interface EncodedSnapshot {
  revision: number;
  /** `"<revision>"`, as sent in ETag and matched against If-None-Match. */
  etag: string;
  json: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** The SSE event for this revision, shared by every stream of the audience. */
  event: Buffer;
}

export async function encodeSnapshot(snapshot: Snapshot): Promise<EncodedSnapshot> {
  const text = JSON.stringify(snapshot);
  const json = Buffer.from(text);
  const [gz, br] = await Promise.all([
    gzipAsync(json, { level: 6 }),
    // Quality 5 compresses JSON nearly as well as 11 at a small fraction of the time.
    brotliAsync(json, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
    }),
  ]);
  return {
    revision: snapshot.revision,
    etag: `"${snapshot.revision}"`,
    json,
    gzip: gz,
    brotli: br,
    event: Buffer.from(`id: ${snapshot.revision}\nevent: snapshot\ndata: ${text}\n\n`),
  };
}
