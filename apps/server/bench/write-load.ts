/**
 * The benchmark's writer, in its own process (forked by run-bench.ts): its latencies must not include
 * the time the benchmark's event loop spends generating and reading thousands of autocannon requests
 * per second. Writes at `perSecond` across the seeded flags (fixed rate, open loop) until told to
 * stop, then sends every latency back.
 */

interface WriteLoadData {
  url: string;
  perSecond: number;
  flags: number;
  headers: Record<string, string>;
  /** Each flag's current version, carried from one run to the next. */
  versions: [string, number][];
  /** Edit as a console does: GET the flag, then PATCH it with its ETag (only the PATCH is timed). */
  readFirst: boolean;
}

const {
  url,
  perSecond,
  flags,
  headers,
  versions: known,
  readFirst,
} = JSON.parse(process.argv[2]!) as WriteLoadData;
const versions = new Map(known);
const latencies: number[] = [];
let failures = 0;
let i = 0;
let inFlight = 0;

const timer = setInterval(async () => {
  const key = `bench_${String(i++ % flags).padStart(3, '0')}`;
  inFlight++;
  try {
    let version = versions.get(key) ?? 1;
    if (readFirst) {
      const read = await fetch(`${url}/api/v1/flags/${key}`, { headers });
      await read.arrayBuffer();
      version = Number(read.headers.get('etag')?.replaceAll('"', ''));
    }
    const started = performance.now();
    const res = await fetch(`${url}/api/v1/flags/${key}/environments/production`, {
      method: 'PATCH',
      headers: { ...headers, 'if-match': `"${version}"` },
      body: JSON.stringify({ fallthrough: { variant: 'on', percentage: (i % 100) + 0.5 } }),
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status === 200) versions.set(key, version + 1);
    else failures += 1;
  } catch {
    failures += 1;
  } finally {
    inFlight--;
  }
}, 1000 / perSecond);

process.once('message', async () => {
  clearInterval(timer);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  process.send!({ latencies, failures, versions: [...versions] }, () => process.exit(0));
});
