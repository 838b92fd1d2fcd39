import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStreamHub } from '../../src/delivery/stream-hub.ts';

/** A response whose client reads nothing: every write stays buffered. */
function stuckResponse() {
  const response = Object.assign(new EventEmitter(), {
    writableLength: 0,
    destroyed: false,
    writableEnded: false,
    written: [] as Buffer[],
    write(chunk: Buffer) {
      response.written.push(chunk);
      response.writableLength += chunk.length;
      return false;
    },
    end() {
      response.writableEnded = true;
      response.emit('close');
    },
    destroy() {
      response.destroyed = true;
      response.emit('close');
    },
  });
  return response;
}

describe('stream hub', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops a client that does not read instead of buffering every revision for it', () => {
    const hub = createStreamHub({ maxBufferedBytes: 1_000, heartbeatMs: 60_000 });
    const slow = stuckResponse();
    const fast = stuckResponse();
    const add = (r: ReturnType<typeof stuckResponse>) =>
      hub.add({
        environment: 'production',
        audience: 'server',
        credentialId: 'c',
        response: r as unknown as ServerResponse,
      });
    add(slow);
    add(fast);
    const event = { event: Buffer.alloc(600, 'x') };
    hub.broadcast('production', 'server', event);
    fast.writableLength = 0; // this one drains
    hub.broadcast('production', 'server', event);
    fast.writableLength = 0;
    expect(slow.destroyed).toBe(false);
    hub.broadcast('production', 'server', event);
    expect(slow.destroyed).toBe(true);
    expect(slow.written.length).toBe(2);
    expect(fast.destroyed).toBe(false);
    expect(fast.written.length).toBe(3);
    expect(hub.count()).toBe(1);
    hub.close();
  });

  it('drops a stream that drained nothing for two heartbeats, and pings the others', () => {
    vi.useFakeTimers();
    const hub = createStreamHub({ heartbeatMs: 1_000 });
    const stuck = stuckResponse();
    const idle = stuckResponse();
    for (const r of [stuck, idle]) {
      hub.add({
        environment: 'e',
        audience: 'client',
        credentialId: 'c',
        response: r as unknown as ServerResponse,
      });
    }
    stuck.writableLength = 10;
    vi.advanceTimersByTime(1_000);
    expect(idle.written.map(String)).toEqual(['event: ping\ndata: 1\n\n']);
    idle.writableLength = 0;
    expect(stuck.destroyed).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(stuck.destroyed).toBe(true);
    expect(idle.destroyed).toBe(false);
    hub.close();
  });

  it('sends the patch to streams that asked for patches and the whole snapshot to the others', () => {
    const hub = createStreamHub({ heartbeatMs: 60_000 });
    const whole = stuckResponse();
    const patched = stuckResponse();
    for (const [response, patches] of [
      [whole, false],
      [patched, true],
    ] as const) {
      hub.add({
        environment: 'production',
        audience: 'server',
        credentialId: 'c',
        response: response as unknown as ServerResponse,
        patches,
      });
    }
    const snapshot = Buffer.from('snapshot');
    const patch = Buffer.from('patch');
    hub.broadcast('production', 'server', { event: snapshot, patch });
    // The first revision held has no patch: everyone gets the snapshot.
    hub.broadcast('production', 'server', { event: snapshot });
    expect(whole.written.map(String)).toEqual(['snapshot', 'snapshot']);
    expect(patched.written.map(String)).toEqual(['patch', 'snapshot']);
    hub.close();
  });
});
