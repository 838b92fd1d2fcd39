import { describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { drivers, useCliServer } from './support/cli-server.ts';

describe.each(drivers())('flagstaff flags (%s)', (driver) => {
  const server = useCliServer(driver);

  it('lists flags as a table and as JSON', async () => {
    const { request } = server();
    await request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('new_checkout_flow') });

    const human = await runCli(['flags', 'list'], { env: server().env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^KEY\s+TYPE\s+OWNER/);
    expect(human.stdout).toMatch(/new_checkout_flow\s+release\s+checkout-team\s+active/);

    const json = await runCli(['flags', 'list', '--json', '--owner', 'checkout-team'], { env: server().env });
    expect(json.code).toBe(0);
    expect(json.json<{ key: string }[]>().map((flag) => flag.key)).toEqual(['new_checkout_flow']);
  });

  it('exits 4 for an unknown flag and 3 for a wrong token, with the server’s message', async () => {
    const missing = await runCli(['flags', 'get', 'no_such_flag', '--json'], { env: server().env });
    expect(missing.code).toBe(4);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');

    const wrong = await runCli(['flags', 'list'], {
      env: { ...server().env, FLAGSTAFF_TOKEN: 'fs_admin_wrong' },
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^flagstaff: .*FLAGSTAFF_TOKEN/);
  });
});

describe('flagstaff without a server', () => {
  it('exits 6 when the server cannot be reached, and 2 without a token or for a wrong command', async () => {
    const unreachable = await runCli(['flags', 'list', '--server', 'http://127.0.0.1:9', '--token', 't']);
    expect(unreachable.code).toBe(6);
    expect(unreachable.stderr).toContain('cannot reach the Flagstaff server at http://127.0.0.1:9');

    const noToken = await runCli(['flags', 'list', '--server', 'http://127.0.0.1:9']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no token');

    const wrong = await runCli(['flags', 'bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown command 'bogus'");
  });

  it('prints help for every command with exit 0', async () => {
    for (const args of [['--help'], ['flags', '--help'], ['flags', 'list', '--help']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: flagstaff');
    }
  });
});
