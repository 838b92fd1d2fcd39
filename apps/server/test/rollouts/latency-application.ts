/**
 * An application whose flagged path takes real, controlled time, run as its own process (`fork`): the
 * test's server, engine and database client share the test's event loop, and their pauses would be
 * measured as the application's latency. Each request, from a user not seen before, awaits a timer of
 * `baseMs` inside the Node SDK's `measure()`; after the parent sends `regress`, the new path's
 * slowest 2% of calls take `slowFactor` times as long: its p99, and nothing below p98, regresses.
 * Argument: JSON `{ url, sdkKey, flag, baseMs, slowFactor }`. Messages: `regress`, `stop` (answers `stopped`).
 */
import { createClient } from '@flagstaff/node';

/**
 * Requests in flight: 2,000 a second at 400 ms each. A higher rate would make this process the
 * bottleneck on a loaded machine, and its own queueing would be measured as the path's tail.
 */
const LANES = 800;
/** One request in this many is a slow one on the new path once it regresses (2%). */
const SLOW_EVERY = 50;

const { url, sdkKey, flag, baseMs, slowFactor } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  sdkKey: string;
  flag: string;
  baseMs: number;
  slowFactor: number;
};
const client = createClient({ url, sdkKey, metrics: { interval: 200 } });
await client.ready({ timeout: 10_000 });

let regressed = false;
let running = true;
process.on('message', (message) => {
  if (message === 'regress') regressed = true;
  if (message === 'stop') running = false;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let served = 0;
async function lane() {
  while (running) {
    const user = served++;
    await client.measure(flag, { userId: `u-${user}` }, async (on) => {
      await sleep(on && regressed && user % SLOW_EVERY === 0 ? slowFactor * baseMs : baseMs);
    });
  }
}

process.send?.('ready');
await Promise.all(Array.from({ length: LANES }, lane));
await client.close();
process.send?.('stopped', () => process.exit(0));
