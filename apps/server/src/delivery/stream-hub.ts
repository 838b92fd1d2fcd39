import type { ServerResponse } from 'node:http';
import type { EncodedSnapshot } from './encoded-snapshot.ts';
import type { Audience } from './snapshot-cache.ts';

export interface StreamHubOptions {
  /** @default 15_000 */
  heartbeatMs?: number;
  /**
   * A stream whose unsent bytes exceed this when an event is due is dropped: a slow client must not
   * make the server hold every revision for it. It reconnects with Last-Event-ID and catches up with
   * one whole snapshot. @default 1 MiB
   */
  maxBufferedBytes?: number;
}

export interface Stream {
  environment: string;
  audience: Audience;
  credentialId: string;
  response: ServerResponse;
  /** Asked for `patch` events (only what changed) instead of a whole snapshot per revision. */
  patches?: boolean;
}

interface Held extends Stream {
  /** Heartbeats in a row that found data still unsent. */
  stalled: number;
}

/**
 * An event, not a comment: EventSource dispatches events only (and only with data), and the browser
 * SDK times out a stream that hears nothing. Readers that do not know `ping` ignore it.
 */
const PING = Buffer.from('event: ping\ndata: 1\n\n');

/**
 * This replica's open SSE streams, by environment and audience. Events are pre-built buffers shared by
 * every stream, so a broadcast costs one write call per stream and no copy.
 */
export function createStreamHub(options: StreamHubOptions = {}) {
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const groups = new Map<string, Set<Held>>();
  const groupKey = (environment: string, audience: Audience) => `${audience}\u0000${environment}`;

  function drop(stream: Held) {
    stream.response.destroy();
  }

  function write(stream: Held, chunk: Buffer): void {
    const response = stream.response;
    if (response.destroyed || response.writableEnded) return;
    if (response.writableLength > maxBuffered) drop(stream);
    else response.write(chunk);
  }

  const heartbeat = setInterval(() => {
    for (const group of groups.values()) {
      for (const stream of group) {
        if (stream.response.writableLength === 0) {
          stream.stalled = 0;
          write(stream, PING);
        } else if (++stream.stalled >= 2) {
          // Nothing drained for two heartbeats: the client is gone or stuck.
          drop(stream);
        }
      }
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    /** Holds `stream` until its response closes; `first` (if any) is written before anything else. */
    add(stream: Stream, first?: Buffer): void {
      const held: Held = { ...stream, stalled: 0 };
      const key = groupKey(stream.environment, stream.audience);
      let group = groups.get(key);
      if (!group) {
        group = new Set();
        groups.set(key, group);
      }
      group.add(held);
      stream.response.once('close', () => {
        group.delete(held);
        if (group.size === 0 && groups.get(key) === group) groups.delete(key);
      });
      if (first) write(held, first);
    },

    /** The revision's events to every stream of the audience: a patch to those that asked for one. */
    broadcast(
      environment: string,
      audience: Audience,
      encoded: Pick<EncodedSnapshot, 'event' | 'patch'>,
    ): void {
      const group = groups.get(groupKey(environment, audience));
      if (!group) return;
      const { event, patch } = encoded;
      for (const stream of group) write(stream, stream.patches && patch ? patch : event);
    },

    /** Ends every stream opened with this credential (it was revoked). */
    closeCredential(credentialId: string): number {
      let closed = 0;
      for (const group of groups.values()) {
        for (const stream of group) {
          if (stream.credentialId !== credentialId) continue;
          stream.response.end();
          closed++;
        }
      }
      return closed;
    },

    count(): number {
      let n = 0;
      for (const group of groups.values()) n += group.size;
      return n;
    },

    /** Ends every stream (shutdown): clients reconnect, to another replica or to this one restarted. */
    close(): void {
      clearInterval(heartbeat);
      for (const group of groups.values()) for (const stream of group) stream.response.end();
      groups.clear();
    },
  };
}

export type StreamHub = ReturnType<typeof createStreamHub>;
