import { afterAll, beforeAll } from 'vitest';
import {
  ADMIN_TOKEN,
  startTestApp,
  type TestApp,
  type TestAppOptions,
} from '../../../server/test/support/test-app.ts';
import type { Driver } from '../../../server/test/support/test-database.ts';

/**
 * For a test that launches the CLI several times: a launch takes 0.2 s to 3 s (a loaded machine, the
 * sources without a bundle), so a timeout here says nothing about speed.
 */
export const CLI_TEST_TIMEOUT_MS = 180_000;

export { drivers } from '../../../server/test/support/test-database.ts';
export { ADMIN_TOKEN };

export interface CliServer extends TestApp {
  /** The server's base URL, listening on 127.0.0.1. */
  url: string;
  /** The environment a CLI process needs to talk to this server as the admin. */
  env: { FLAGSTAFF_URL: string; FLAGSTAFF_TOKEN: string };
}

/** A real server (the app on a fresh database, listening on a port) for a file's CLI tests. */
export function useCliServer(driver: Driver, options: TestAppOptions = {}): () => CliServer {
  let server: CliServer | undefined;
  beforeAll(async () => {
    const testApp = await startTestApp(driver, options);
    const url = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
    server = { ...testApp, url, env: { FLAGSTAFF_URL: url, FLAGSTAFF_TOKEN: ADMIN_TOKEN } };
  }, 60_000);
  afterAll(async () => {
    await server?.app.close();
    await server?.database.close();
  });
  return () => {
    if (!server) throw new Error('the CLI test server is not started');
    return server;
  };
}
