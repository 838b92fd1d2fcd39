import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Snapshot } from '@flagstaff/evaluator';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface CompressedSnapshot {
  gzip: Buffer;
  brotli: Buffer;
}

/** Each flag's and segment's JSON by key: what the next revision is compared against. */
interface Parts {
  flags: Map<string, string>;
  segments: Map<string, string>;
}

/** One audience's snapshot at one revision, in every form a request may want, built once. */
export interface EncodedSnapshot {
  revision: number;
  /** `"<revision>"`, as sent in ETag and matched against If-None-Match. */
  etag: string;
  json: Buffer;
  /** The SSE `snapshot` event for this revision, shared by every stream of the audience. */
  event: Buffer;
  /**
   * The SSE `patch` event from the revision held before this one (docs/sdk-protocol.md): only what
   * changed. Absent for the first revision held. Shared by every stream that asked for patches.
   */
  patch?: Buffer | undefined;
  /** What the next revision's patch is computed from. */
  parts?: Parts;
  /**
   * The gzip and brotli copies, made on the first request that asks for one, then held. Not made
   * ahead: streams never need them, and pollers mostly get 304s, while compressing every audience of
   * every environment on each write kept a core busy under a steady write load.
   */
  compressed(): Promise<CompressedSnapshot>;
}

async function compress(json: Buffer): Promise<CompressedSnapshot> {
  const [gz, br] = await Promise.all([
    gzipAsync(json, { level: 6 }),
    // Quality 5 compresses JSON nearly as well as 11 at a small fraction of the time.
    brotliAsync(json, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
    }),
  ]);
  return { gzip: gz, brotli: br };
}

function partsOf(snapshot: Snapshot): Parts {
  return {
    flags: new Map(snapshot.flags.map((f) => [f.key, JSON.stringify(f)])),
    segments: new Map(snapshot.segments.map((s) => [s.key, JSON.stringify(s)])),
  };
}

/** `[changed or new JSON, removed keys]` from `before` to `after`. */
function difference(before: Map<string, string>, after: Map<string, string>): [string[], string[]] {
  const changed: string[] = [];
  for (const [key, json] of after) if (before.get(key) !== json) changed.push(json);
  const removed: string[] = [];
  for (const key of before.keys()) if (!after.has(key)) removed.push(JSON.stringify(key));
  return [changed, removed];
}

function patchEvent(revision: number, base: number, before: Parts, after: Parts): Buffer {
  const [flags, removedFlags] = difference(before.flags, after.flags);
  const [segments, removedSegments] = difference(before.segments, after.segments);
  const data =
    `{"base":${base},"revision":${revision},"flags":[${flags.join(',')}],` +
    `"removedFlags":[${removedFlags.join(',')}],"segments":[${segments.join(',')}],` +
    `"removedSegments":[${removedSegments.join(',')}]}`;
  return Buffer.from(`id: ${revision}\nevent: patch\ndata: ${data}\n\n`);
}

/** The snapshot's JSON, put together from its parts: each flag and segment is serialised once. */
function snapshotJson(snapshot: Snapshot, parts: Parts): string {
  const { flags: _flags, segments: _segments, ...head } = snapshot;
  const fields = JSON.stringify(head).slice(1, -1);
  const flags = [...parts.flags.values()].join(',');
  const segments = [...parts.segments.values()].join(',');
  return `{${fields}${fields && ','}"flags":[${flags}],"segments":[${segments}]}`;
}

/** `previous`: the same audience's snapshot held before this one, if any (the patch's base). */
export function encodeSnapshot(snapshot: Snapshot, previous?: EncodedSnapshot): EncodedSnapshot {
  const parts = partsOf(snapshot);
  const text = snapshotJson(snapshot, parts);
  const json = Buffer.from(text);
  let compressed: Promise<CompressedSnapshot> | undefined;
  const encoded: EncodedSnapshot = {
    revision: snapshot.revision,
    etag: `"${snapshot.revision}"`,
    json,
    event: Buffer.from(`id: ${snapshot.revision}\nevent: snapshot\ndata: ${text}\n\n`),
    patch:
      previous?.parts && previous.revision < snapshot.revision
        ? patchEvent(snapshot.revision, previous.revision, previous.parts, parts)
        : undefined,
    parts,
    compressed() {
      compressed ??= compress(json);
      return compressed;
    },
  };
  return encoded;
}
