import { describe, expect, it } from 'vitest';
import { drivers } from '../support/test-database.ts';
import { useListeningApp } from './delivery-app.ts';
import { createFlag, createKey, environmentRevision, patchFlagState } from './delivery-fixtures.ts';
import { openSse, revisionOf } from './sse-client.ts';

describe.each(drivers())('SDK stream (%s)', (driver) => {
  const t = useListeningApp(driver, { heartbeatMs: 200 });
  const stream = (token: string, headers: Record<string, string> = {}) =>
    openSse(`${t().url}/api/v1/sdk/stream`, { authorization: `Bearer ${token}`, ...headers });

  it('sends the snapshot on connect, then one whole snapshot per change, in revision order', async () => {
    const server = await createKey(t(), 'server', 'development');
    await createFlag(t(), 'streamed');
    const sse = await stream(server.token);
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await sse.next();
      expect(first.event).toBe('snapshot');
      expect(first.id).toBe(String(revisionOf(first)));
      for (const enabled of [true, false, true]) {
        await patchFlagState(t(), 'streamed', 'development', { enabled });
      }
      const target = await environmentRevision(t(), 'development');
      const last = await sse.next((e) => revisionOf(e) === target);
      expect(JSON.parse(last.data).flags.find((f: { key: string }) => f.key === 'streamed').enabled).toBe(
        true,
      );
      const ids = sse.events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      for (const event of sse.events) expect(Number(event.id)).toBe(revisionOf(event));
    } finally {
      sse.close();
    }
  });

  it('resumes: no snapshot when Last-Event-ID is current, the snapshot when it is older', async () => {
    const server = await createKey(t(), 'server', 'staging');
    const probe = await stream(server.token);
    const current = revisionOf(await probe.next());
    probe.close();

    const resumed = await stream(server.token, { 'last-event-id': String(current) });
    const behind = await stream(server.token, { 'last-event-id': String(current - 1) });
    try {
      expect(revisionOf(await behind.next())).toBe(current);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(resumed.events).toEqual([]);
      await createFlag(t(), 'after_resume');
      const next = await resumed.next();
      expect(revisionOf(next)).toBeGreaterThan(current);
    } finally {
      resumed.close();
      behind.close();
    }
  });

  it('sends a ping event as heartbeat (EventSource dispatches events, not comments)', async () => {
    const server = await createKey(t(), 'server', 'production');
    const sse = await stream(server.token);
    try {
      await sse.next();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sse.heartbeats.length).toBeGreaterThan(0);
      expect(sse.heartbeats[0]).toEqual({ id: undefined, event: 'ping', data: '1' });
    } finally {
      sse.close();
    }
  });

  it('takes client keys as ?key= and streams only client-visible flags', async () => {
    await createFlag(t(), 'browser_flag', { environments: { staging: { clientVisible: true } } });
    await createFlag(t(), 'backend_only');
    const client = await createKey(t(), 'client', 'staging');
    const sse = await openSse(`${t().url}/api/v1/sdk/stream?key=${client.token}`);
    try {
      expect(sse.status).toBe(200);
      const target = await environmentRevision(t(), 'staging');
      const event = await sse.next((e) => revisionOf(e) >= target);
      expect(JSON.parse(event.data).flags.map((f: { key: string }) => f.key)).toEqual(['browser_flag']);
    } finally {
      sse.close();
    }
  });

  it('closes the streams of a revoked key, and refuses it afterwards', async () => {
    const server = await createKey(t(), 'server', 'production');
    const client = await createKey(t(), 'client', 'production');
    const revokedStream = await stream(server.token);
    const otherStream = await stream(client.token);
    try {
      await revokedStream.next();
      await otherStream.next();
      const res = await t().request({ method: 'DELETE', url: `/api/v1/credentials/${server.id}` });
      expect(res.statusCode).toBe(200);
      await revokedStream.ended;
      const again = await stream(server.token);
      expect(again.status).toBe(401);
      // Other keys' streams stay open.
      await createFlag(t(), 'after_revoke');
      const target = await environmentRevision(t(), 'production');
      await otherStream.next((e) => revisionOf(e) >= target);
    } finally {
      revokedStream.close();
      otherStream.close();
    }
  });

  it('reads the revision held from ?lastEventId= when there is no Last-Event-ID header (EventSource)', async () => {
    const client = await createKey(t(), 'client', 'staging');
    const url = `${t().url}/api/v1/sdk/stream?key=${client.token}`;
    const probe = await openSse(url);
    const current = revisionOf(await probe.next());
    probe.close();
    const resumed = await openSse(`${url}&lastEventId=${current}`);
    const behind = await openSse(`${url}&lastEventId=${current - 1}`);
    try {
      expect(revisionOf(await behind.next())).toBe(current);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(resumed.events).toEqual([]);
    } finally {
      resumed.close();
      behind.close();
    }
    const refused = await t().app.inject({
      method: 'GET',
      url: `/api/v1/sdk/stream?key=${client.token}&patches=yes`,
    });
    expect(refused.statusCode).toBe(400);
  });

  it('with ?patches=1: the whole snapshot first, then patches carrying only what changed', async () => {
    const server = await createKey(t(), 'server', 'production');
    await createFlag(t(), 'patched_a');
    await createFlag(t(), 'patched_b');
    const whole = await stream(server.token);
    const patched = await openSse(`${t().url}/api/v1/sdk/stream?patches=1`, {
      authorization: `Bearer ${server.token}`,
    });
    try {
      const first = await patched.next();
      expect(first.event).toBe('snapshot');
      let held = JSON.parse(first.data) as {
        revision: number;
        flags: { key: string }[];
        segments: { key: string }[];
      };
      await whole.next();
      await patchFlagState(t(), 'patched_a', 'production', { enabled: true });
      await createFlag(t(), 'patched_c');
      const target = await environmentRevision(t(), 'production');
      await patched.next((e) => Number(e.id) === target);
      for (const event of patched.events.slice(1)) {
        expect(event.event).toBe('patch');
        const patch = JSON.parse(event.data);
        expect(patch.base).toBe(held.revision);
        expect(patch.flags.length).toBe(1);
        const replace = <T extends { key: string }>(list: T[], changed: T[], removed: string[]) => [
          ...list.filter((x) => !removed.includes(x.key) && !changed.some((c) => c.key === x.key)),
          ...changed,
        ];
        held = {
          ...held,
          revision: patch.revision,
          flags: replace(held.flags, patch.flags, patch.removedFlags),
          segments: replace(held.segments, patch.segments, patch.removedSegments),
        };
      }
      // Patches applied in order give exactly the whole snapshot the other stream received.
      const snapshot = JSON.parse((await whole.next((e) => revisionOf(e) === target)).data);
      const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
      expect({ ...held, flags: held.flags.sort(byKey) }).toEqual(snapshot);
    } finally {
      whole.close();
      patched.close();
    }
  });
});
