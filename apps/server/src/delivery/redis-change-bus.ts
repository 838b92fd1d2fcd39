import { Redis } from 'ioredis';
import { type ChangeBus, type ChangeMessage, parseChangeMessage } from './change-bus.ts';

export const DEFAULT_CHANNEL = 'flagstaff:changes';

export interface RedisChangeBusOptions {
  url: string;
  /** @default 'flagstaff:changes' */
  channel?: string;
  /** Reports connection trouble; the bus itself never throws. */
  onError?: (error: Error) => void;
}

/** Quick, capped reconnects: a replica should hear again soon after Redis returns. */
function retryStrategy(times: number): number {
  return Math.min(50 * 2 ** Math.min(times, 5), 500);
}

/**
 * Redis pub/sub between replicas. Two connections (a subscribed connection cannot publish). Publishing
 * while Redis is away fails at once instead of queueing without bound: the revision check catches up.
 */
export function createRedisChangeBus(options: RedisChangeBusOptions): ChangeBus {
  const channel = options.channel ?? DEFAULT_CHANNEL;
  const common = {
    retryStrategy,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectionName: 'flagstaff-delivery',
    // Ready on connect: nothing here needs Redis's INFO-based loading check.
    enableReadyCheck: false,
  };
  const publisher = new Redis(options.url, common);
  // The subscriber must queue its SUBSCRIBE until the first connect, and re-subscribes by itself.
  const subscriber = new Redis(options.url, {
    ...common,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
  });
  const listeners = new Set<(message: ChangeMessage) => void>();
  const resyncListeners = new Set<() => void>();
  const report = (error: Error) => {
    options.onError?.(error);
  };
  publisher.on('error', report);
  subscriber.on('error', report);

  let everReady = false;
  subscriber.on('ready', () => {
    // ioredis re-subscribes on reconnect; whatever was published meanwhile is lost, so read the truth.
    if (everReady) for (const listener of resyncListeners) listener();
    everReady = true;
  });
  subscriber.on('message', (_channel: string, text: string) => {
    const message = parseChangeMessage(text);
    if (!message) return;
    for (const listener of listeners) listener(message);
  });
  const subscribed = subscriber.subscribe(channel).then(
    () => undefined,
    (error: Error) => report(error),
  );

  return {
    publish(message) {
      publisher.publish(channel, JSON.stringify(message)).catch(report);
    },
    ready: () => subscribed,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    async close() {
      listeners.clear();
      resyncListeners.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
