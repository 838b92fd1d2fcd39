/**
 * CORS for real: Chromium (CHROMIUM_PATH, default /usr/bin/chromium) opens a page served from one
 * origin, and that page calls the SDK routes of a server on another port (another origin) the ways
 * the browser SDK and a page can: fetch with headers (preflighted), EventSource, sendBeacon. The
 * browser, not this test, decides whether the page may read each answer.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storedCounts } from '../metrics/stored-counts.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { useListeningApp } from './delivery-app.ts';
import { createFlag, createKey, environmentRevision, patchFlagState } from './delivery-fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`CI=true but there is no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
}
if (!hasChromium)
  console.warn(`no Chromium at ${CHROMIUM}: the CORS tests in Chromium are SKIPPED (set CHROMIUM_PATH)`);
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/** The page's origin: one empty HTML page, nothing proxied. */
async function startPageOrigin(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>shop</title><link rel="icon" href="data:,"></head></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface StreamState {
  status: number;
  type: string | null;
  ids: string[];
  controller: AbortController;
}

describe.skipIf(!hasChromium)('SDK routes from a page on another origin, in Chromium', () => {
  const t = useListeningApp('embedded', { heartbeatMs: 1_000 });
  let browser: Browser | undefined;
  let pageOrigin: { url: string; server: Server } | undefined;
  let page: Page;
  let clientKey: string;
  let api: string;
  const problems: string[] = [];

  beforeAll(async () => {
    [browser, pageOrigin] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS }),
      startPageOrigin(),
    ]);
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pageOrigin.url);
    api = t().url;
    expect(new URL(api).origin).not.toBe(new URL(pageOrigin.url).origin);
    await createFlag(t(), 'cors_banner');
    await patchFlagState(t(), 'cors_banner', 'production', { clientVisible: true, enabled: true });
    clientKey = (await createKey(t(), 'client', 'production')).token;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (pageOrigin) {
      pageOrigin.server.closeAllConnections();
      await new Promise((resolve) => pageOrigin?.server.close(resolve));
    }
  });

  it('fetches the snapshot with ?key= and with Authorization, reads its ETag, and gets a 304', async () => {
    const revision = await environmentRevision(t(), 'production');
    const result = await page.evaluate(
      async ({ api, key }) => {
        const url = `${api}/api/v1/sdk/snapshot`;
        const byQuery = await fetch(`${url}?key=${encodeURIComponent(key)}`);
        const etag = byQuery.headers.get('etag');
        const body = (await byQuery.json()) as { revision: number; flags: { key: string }[] };
        const again = await fetch(`${url}?key=${encodeURIComponent(key)}`, {
          headers: { 'if-none-match': etag ?? '' },
        });
        const byHeader = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
        const refused = await fetch(url, { headers: { authorization: 'Bearer fs_client_unknown' } });
        return {
          status: byQuery.status,
          etag,
          revision: body.revision,
          flags: body.flags.map((f) => f.key),
          again: again.status,
          byHeader: byHeader.status,
          refused: refused.status,
        };
      },
      { api, key: clientKey },
    );
    expect(result).toMatchObject({ status: 200, again: 304, byHeader: 200, refused: 401 });
    expect(result.revision).toBeGreaterThanOrEqual(revision);
    expect(result.etag).toBe(`"${result.revision}"`);
    expect(result.flags).toContain('cors_banner');
  });

  it('streams over fetch with Authorization and Last-Event-ID, and receives a pushed change', async () => {
    const opened = await page.evaluate(
      async ({ api, key }) => {
        const state = { ids: [] as string[], controller: new AbortController() } as Partial<StreamState>;
        (globalThis as unknown as { stream: Partial<StreamState> }).stream = state;
        const response = await fetch(`${api}/api/v1/sdk/stream`, {
          headers: { authorization: `Bearer ${key}`, 'last-event-id': '0', accept: 'text/event-stream' },
          signal: state.controller!.signal,
        });
        state.status = response.status;
        state.type = response.headers.get('content-type');
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        void (async () => {
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
            if (done) return;
            buffer += value;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              const id = /^id: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
              if (id) state.ids!.push(id);
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          }
        })();
        return { status: state.status, type: state.type };
      },
      { api, key: clientKey },
    );
    expect(opened.status).toBe(200);
    expect(opened.type).toMatch(/^text\/event-stream/);
    const ids = () => page.evaluate(() => (globalThis as unknown as { stream: StreamState }).stream.ids);
    await vi.waitFor(async () => expect(await ids()).toHaveLength(1), { timeout: 5_000 });
    await patchFlagState(t(), 'cors_banner', 'production', { enabled: false });
    const target = String(await environmentRevision(t(), 'production'));
    await vi.waitFor(async () => expect(await ids()).toContain(target), { timeout: 5_000 });
    await page.evaluate(() => (globalThis as unknown as { stream: StreamState }).stream.controller.abort());
  });

  it('opens an EventSource with ?key=', async () => {
    const first = await page.evaluate(
      ({ api, key }) =>
        new Promise<{ id: string; revision: number }>((resolve, reject) => {
          const source = new EventSource(`${api}/api/v1/sdk/stream?key=${encodeURIComponent(key)}`);
          source.addEventListener('snapshot', (event) => {
            source.close();
            const message = event as unknown as { data: string; lastEventId: string };
            resolve({ id: message.lastEventId, revision: JSON.parse(message.data).revision });
          });
          source.onerror = () => {
            source.close();
            reject(new Error('EventSource failed'));
          };
        }),
      { api, key: clientKey },
    );
    expect(first.id).toBe(String(first.revision));
  });

  it('reports metrics by sendBeacon (text/plain, key in the query) and by a preflighted JSON fetch', async () => {
    const sent = await page.evaluate(
      async ({ api, key }) => {
        const window = { start: new Date(Date.now() - 10_000).toISOString(), end: new Date().toISOString() };
        const url = `${api}/api/v1/sdk/metrics`;
        // No DOM types in this project: the one browser API used here, typed by hand.
        const { navigator } = globalThis as unknown as {
          navigator: { sendBeacon(url: string, data: string): boolean };
        };
        const queued = navigator.sendBeacon(
          `${url}?key=${encodeURIComponent(key)}`,
          JSON.stringify({ ...window, flags: { cors_banner: { on: 4 } } }),
        );
        const posted = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...window, flags: { cors_banner: { off: 6 } } }),
        });
        const bad = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...window, flags: { cors_banner: { off: -1 } } }),
        });
        const badBody = (await bad.json()) as { error: { code: string } };
        return { queued, posted: posted.status, bad: bad.status, badBody };
      },
      { api, key: clientKey },
    );
    expect(sent).toMatchObject({ queued: true, posted: 202, bad: 400 });
    expect(sent.badBody.error.code).toBe('VALIDATION_FAILED');
    await vi.waitFor(
      async () => {
        const rows = await storedCounts(t().database.db, 'production', 'cors_banner');
        expect(rows.map(({ variant, count }) => `${variant}:${count}`).sort()).toEqual(['off:6', 'on:4']);
      },
      { timeout: 5_000 },
    );
  });

  it('cannot read the management API from another origin', async () => {
    const outcome = await page.evaluate(
      async ({ api, admin }) => {
        const attempt = (init?: RequestInit) =>
          fetch(`${api}/api/v1/flags`, init).then(
            (response) => `read ${response.status}`,
            (error: Error) => error.name,
          );
        return {
          simple: await attempt(),
          withToken: await attempt({ headers: { authorization: `Bearer ${admin}` } }),
        };
      },
      { api, admin: ADMIN_TOKEN },
    );
    expect(outcome).toEqual({ simple: 'TypeError', withToken: 'TypeError' });
    expect(problems).toEqual([]);
  });
});
