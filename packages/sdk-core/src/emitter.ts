/** Listener signatures by event name, e.g. `{ change: (e: ChangeEvent) => void }`. */
export type EventMap = { [event: string]: (payload: never) => void };

export interface Emitter<E extends EventMap> {
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: E[K]): () => void;
  off<K extends keyof E>(event: K, listener: E[K]): void;
  emit<K extends keyof E>(event: K, payload: Parameters<E[K]>[0]): void;
}

/**
 * A typed emitter small enough for the browser bundle (no node:events in shared code). A listener
 * that throws is the application's bug, but it must neither break the SDK's update loop and the
 * other listeners nor crash a Node process (as an uncaught rethrow would): it is logged.
 */
export function createEmitter<E extends EventMap>(): Emitter<E> {
  const listeners = new Map<keyof E, Set<E[keyof E]>>();
  const off = <K extends keyof E>(event: K, listener: E[K]) => {
    listeners.get(event)?.delete(listener);
  };
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          console.error('flagstaff: an event listener threw', error);
        }
      }
    },
  };
}
