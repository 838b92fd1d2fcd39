import { describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { CLI_TEST_TIMEOUT_MS, drivers, useCliServer } from './support/cli-server.ts';

interface ErrorOutput {
  error: { code: string; message: string };
}

describe.each(drivers())('flagstaff segments and keys (%s)', { timeout: CLI_TEST_TIMEOUT_MS }, (driver) => {
  const server = useCliServer(driver);
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { env: { ...server().env, ...env } });

  it('creates, reads, updates, lists and deletes a segment; one in use is refused (5)', async () => {
    const created = await cli([
      'segments',
      'create',
      'beta_users',
      '--include',
      'u1,u2',
      '--conditions',
      '[{"op":"eq","attribute":"plan","value":"pro"}]',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('created segment beta_users (version 1)\n');

    const got = await cli(['segments', 'get', 'beta_users']);
    expect(got.stdout).toMatch(/included:\s+u1, u2\n/);
    expect(got.stdout).toMatch(/conditions:\s+plan eq "pro"/);

    const updated = await cli([
      'segments',
      'update',
      'beta_users',
      '--exclude',
      'u2',
      '--if-version',
      '1',
      '--json',
    ]);
    expect(updated.json<{ version: number; excluded: string[] }>()).toMatchObject({
      version: 2,
      excluded: ['u2'],
    });
    const stale = await cli(['segments', 'update', 'beta_users', '--name', 'Beta', '--if-version', '1']);
    expect(stale.code).toBe(5);

    const list = await cli(['segments', 'list']);
    expect(list.stdout).toMatch(
      /^KEY\s+NAME\s+INCLUDED\s+EXCLUDED\s+CONDITIONS\s+VERSION\nbeta_users\s+beta_users\s+2\s+1\s+1\s+2\n$/,
    );

    await server().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('beta_only', {
        environments: {
          production: {
            rules: [{ conditions: [{ op: 'segment', segments: ['beta_users'] }], serve: { variant: 'on' } }],
          },
        },
      }),
    });
    const inUse = await cli(['segments', 'delete', 'beta_users', '--json']);
    expect(inUse.code).toBe(5);
    expect(inUse.json<ErrorOutput>().error.code).toBe('SEGMENT_IN_USE');

    const [fromStdin, listJson, getJson] = await Promise.all([
      runCli(['segments', 'create', 'unused', '--file', '-', '--json'], {
        env: server().env,
        stdin: JSON.stringify({ name: 'Unused', included: ['u9'] }),
      }),
      cli(['segments', 'list', '--json']),
      cli(['segments', 'get', 'beta_users', '--json']),
    ]);
    expect(fromStdin.json()).toMatchObject({ key: 'unused', name: 'Unused', included: ['u9'], version: 1 });
    expect(listJson.json<{ key: string }[]>().map((segment) => segment.key)).toContain('beta_users');
    expect(getJson.json()).toMatchObject({ key: 'beta_users', included: ['u1', 'u2'], excluded: ['u2'] });

    const deleted = await cli(['segments', 'delete', 'unused']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('deleted segment unused\n');
    const missing = await cli(['segments', 'get', 'unused']);
    expect(missing.code).toBe(4);
  });

  it('creates a key and prints its token once, lists keys without tokens, and revokes one', async () => {
    const created = await cli(['keys', 'create', '--kind', 'admin', '--name', 'ci pipeline']);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^fs_admin_\S+$/);
    expect(created.stderr).toMatch(
      /created admin key cred_[0-9a-f]{16} \(ci pipeline\): store the token now/,
    );

    // The new token works.
    const asCi = await cli(['keys', 'list', '--json'], { FLAGSTAFF_TOKEN: token });
    expect(asCi.code).toBe(0);
    const keys = asCi.json<{ id: string; name: string; hint: string }[]>();
    const ci = keys.find((key) => key.name === 'ci pipeline');
    expect(ci?.hint).toMatch(/…$/);
    expect(asCi.stdout).not.toContain(token);

    const sdk = await cli([
      'keys',
      'create',
      '--kind',
      'client',
      '--name',
      'web',
      '--env',
      'production',
      '--json',
    ]);
    expect(sdk.json<{ kind: string; environment: string; token: string }>()).toMatchObject({
      kind: 'client',
      environment: 'production',
      token: expect.stringMatching(/^fs_client_/),
    });
    const noEnv = await cli(['keys', 'create', '--kind', 'server', '--name', 'api']);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain('add --env <env>');

    const revoked = await cli(['keys', 'revoke', ci?.id ?? '']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`revoked admin key ${ci?.id} (ci pipeline)\n`);
    const bootstrap = keys.find((key) => key.name === 'bootstrap-admin');
    const [revokedTwice, lastAdmin] = await Promise.all([
      cli(['keys', 'revoke', ci?.id ?? '', '--json']),
      cli(['keys', 'revoke', bootstrap?.id ?? '']),
    ]);
    expect(revokedTwice.json()).toMatchObject({ id: ci?.id, revokedAt: expect.any(String) });
    expect(lastAdmin.code).toBe(5);
    expect(lastAdmin.stderr).toContain('last active admin token');
    const refused = await cli(['flags', 'list'], { FLAGSTAFF_TOKEN: token });
    expect(refused.code).toBe(3);

    const [table, all] = await Promise.all([cli(['keys', 'list']), cli(['keys', 'list', '--all'])]);
    expect(table.stdout).toMatch(/^ID\s+KIND\s+NAME\s+ENVIRONMENT\s+TOKEN\s+CREATED\s+REVOKED\n/);
    expect(table.stdout).not.toContain('ci pipeline');
    expect(all.stdout).toMatch(/ci pipeline\s+-\s+fs_admin_\S+…\s+\S+ \S+\s+\S+ \S+\n/);

    const badId = await cli(['keys', 'revoke', 'nope']);
    expect(badId.code).toBe(7);
  });
});
