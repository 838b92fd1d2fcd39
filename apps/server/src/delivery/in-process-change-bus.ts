import type { ChangeBus, ChangeMessage } from './change-bus.ts';

/** The single-process bus (no `REDIS_URL`): delivers to this process's listeners only. */
export function createInProcessChangeBus(): ChangeBus {
  const listeners = new Set<(message: ChangeMessage) => void>();
  return {
    publish(message) {
      // Asynchronous like a real bus, so no caller depends on delivery happening inside publish.
      queueMicrotask(() => {
        for (const listener of listeners) listener(message);
      });
    },
    ready: () => Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync() {
      return () => {};
    },
    async close() {
      listeners.clear();
    },
  };
}
