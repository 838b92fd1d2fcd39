import { createSseParser } from '@flagstaff/sdk-core';
import type { EventSourceLike } from '../../src/index.ts';

/**
 * A minimal EventSource for the browser client's tests in Node 20 (which has none): one connection,
 * no reconnect of its own (the client closes on the first error anyway), named events and `open` /
 * `error` as the browser reports them. The client in Chromium uses the real one.
 */
export class NodeEventSource implements EventSourceLike {
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((event: { data: string }) => void)[]>();
  private readonly controller = new AbortController();
  static readonly urls: string[] = [];

  constructor(url: string) {
    NodeEventSource.urls.push(url);
    void this.run(url);
  }

  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.controller.abort();
  }

  private async run(url: string): Promise<void> {
    const parser = createSseParser({
      event: (e) => {
        for (const l of this.listeners.get(e.type) ?? []) l({ data: e.data });
      },
    });
    try {
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream' },
        signal: this.controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      this.onopen?.();
      const decoder = new TextDecoder();
      for await (const chunk of response.body)
        parser.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      throw new Error('ended');
    } catch {
      if (!this.controller.signal.aborted) this.onerror?.();
    }
  }
}
