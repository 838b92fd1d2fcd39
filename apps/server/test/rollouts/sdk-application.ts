import type { FlagstaffClient } from '@flagstaff/node';

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export interface Application {
  client: FlagstaffClient;
  failing: boolean;
  stop(): Promise<void>;
}

/**
 * 50,000 requests a round, each from a user not seen before (so cohort counts are units, as the
 * sample-ratio check assumes), each through `measure()`; the new path may fail.
 */
export function runApplication(client: FlagstaffClient, flag: string): Application {
  const app: Application = { client, failing: false, stop: async () => {} };
  let running = true;
  let round = 0;
  const loop = (async () => {
    while (running) {
      const base = round++ * 50_000;
      for (let i = 0; i < 50_000; i++) {
        try {
          client.measure(flag, { userId: `u-${base + i}` }, (on) => {
            if (on && app.failing && i % 5 === 0) throw new TimeoutError('payment provider timed out');
            return on;
          });
        } catch {
          // The application's own error handling: the SDK reported it and rethrew.
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  app.stop = async () => {
    running = false;
    await loop;
    await client.close();
  };
  return app;
}
