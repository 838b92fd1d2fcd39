import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = process.env.PROMETHEUS_PATH ?? 'prometheus';

/**
 * Whether a real Prometheus can run here; in CI its absence is a failure, not a skip (.ci/run installs
 * Debian's `prometheus`).
 */
export function prometheusAvailable(): boolean {
  const found = spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true') {
    throw new Error(`CI=true but ${BINARY} is not installed: the Prometheus guard tests would not run`);
  }
  if (!found)
    console.warn(`skipping the Prometheus guard tests: no ${BINARY} binary (apt-get install prometheus)`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningPrometheus {
  url: string;
  /** Polls an instant query until `accept` holds for its value (scrapes take a second or two). */
  waitFor(query: string, accept: (value: number | undefined) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A real Prometheus scraping `targets` (host:port) every second, in a throwaway folder. */
export async function startPrometheus(targets: string[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'flagstaff-prometheus-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: test\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const child: ChildProcess = spawn(
    BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`prometheus not ready after 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async waitFor(query, accept, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      let last: number | undefined;
      while (Date.now() < end) {
        const body = (await (
          await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)
        ).json()) as {
          data?: { result?: { value: [number, string] }[] };
        };
        const value = body.data?.result?.[0]?.value[1];
        last = value === undefined ? undefined : Number(value);
        if (accept(last)) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${query} never satisfied the condition (last value ${last})`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
