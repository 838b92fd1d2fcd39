import { describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { CLI_TEST_TIMEOUT_MS, drivers, useCliServer } from './support/cli-server.ts';

interface Flag {
  key: string;
  version: number;
  name: string;
  owner: string | null;
  archived: boolean;
  environments: Record<string, { enabled: boolean; fallthrough: { variant?: string; percentage?: number } }>;
}
interface ErrorOutput {
  error: { code: string; message: string; details?: unknown };
}

describe.each(drivers())('flagstaff flags (%s)', { timeout: CLI_TEST_TIMEOUT_MS }, (driver) => {
  const server = useCliServer(driver);
  const cli = (args: string[], stdin?: string) =>
    runCli(args, { env: server().env, ...(stdin === undefined ? {} : { stdin }) });

  it('lists flags as a table and as JSON', async () => {
    const { request } = server();
    await request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('new_checkout_flow') });

    const human = await cli(['flags', 'list']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^KEY\s+TYPE\s+OWNER/);
    expect(human.stdout).toMatch(/new_checkout_flow\s+release\s+checkout-team\s+active/);

    const json = await cli(['flags', 'list', '--json', '--owner', 'checkout-team']);
    expect(json.code).toBe(0);
    expect(json.json<{ key: string }[]>().map((flag) => flag.key)).toEqual(['new_checkout_flow']);
  });

  it('exits 4 for an unknown flag and 3 for a wrong token, with the server’s message', async () => {
    const missing = await cli(['flags', 'get', 'no_such_flag', '--json']);
    expect(missing.code).toBe(4);
    expect(missing.json<ErrorOutput>().error.code).toBe('NOT_FOUND');

    const wrong = await runCli(['flags', 'list'], {
      env: { ...server().env, FLAGSTAFF_TOKEN: 'fs_admin_wrong' },
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^flagstaff: .*FLAGSTAFF_TOKEN/);
  });

  it('creates a flag from options, and from a JSON document on stdin', async () => {
    const fromOptions = await cli([
      'flags',
      'create',
      'search_v2',
      '--type',
      'release',
      '--owner',
      'search-team',
      '--expires',
      '30d',
      '--tags',
      'search, web',
    ]);
    expect(fromOptions.code, fromOptions.stderr).toBe(0);
    expect(fromOptions.stdout).toMatch(/^created search_v2 \(version 1\)/);
    expect(fromOptions.stdout).toMatch(/owner:\s+search-team/);
    expect(fromOptions.stdout).toMatch(/production\s+off\s+off\s+0/);

    const document = { key: 'dark_mode', type: 'ops', name: 'Dark mode', owner: 'ui-team' };
    const fromStdin = await cli(
      ['flags', 'create', '--file', '-', '--json', '--name', 'Dark mode!'],
      JSON.stringify(document),
    );
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    // Options win over the file.
    expect(fromStdin.json<Flag>()).toMatchObject({
      key: 'dark_mode',
      name: 'Dark mode!',
      owner: 'ui-team',
      version: 1,
    });

    const stored = await server().request({ method: 'GET', url: '/api/v1/flags/search_v2' });
    expect(stored.json()).toMatchObject({ owner: 'search-team', tags: ['search', 'web'] });
  });

  it('refuses a bad flag with the field-level issues (7), a taken key (5) and a malformed file (7)', async () => {
    const invalid = await cli(['flags', 'create', 'no_owner', '--type', 'release']);
    expect(invalid.code).toBe(7);
    expect(invalid.stderr).toContain('owner: is required for release flags');
    expect(invalid.stderr).toContain('expiresAt: is required for release flags');

    const taken = await cli(['flags', 'create', 'new_checkout_flow', '--type', 'ops', '--json']);
    expect(taken.code).toBe(5);
    expect(taken.json<ErrorOutput>().error.code).toBe('ALREADY_EXISTS');

    const malformed = await cli(['flags', 'create', '--file', '-'], '{"key": ');
    expect(malformed.code).toBe(7);
    expect(malformed.stderr).toMatch(/^flagstaff: stdin is not JSON/);
    const absent = await server().request({ method: 'GET', url: '/api/v1/flags/no_owner' });
    expect(absent.statusCode).toBe(404);
  });

  it('updates one environment with --if-version, and exits 5 without overwriting a change made meanwhile', async () => {
    await server().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('pricing_page') });

    const first = await cli([
      'flags',
      'update',
      'pricing_page',
      '--env',
      'production',
      '--enable',
      '--serve',
      'on',
      '--percentage',
      '10',
      '--if-version',
      '1',
      '--json',
    ]);
    expect(first.code, first.stdout).toBe(0);
    const updated = first.json<Flag>();
    expect(updated.version).toBe(2);
    expect(updated.environments.production).toMatchObject({
      enabled: true,
      fallthrough: { variant: 'on', percentage: 10 },
    });

    // Someone who read version 1 tries to write: refused, and version 2 stays.
    const stale = await cli([
      'flags',
      'update',
      'pricing_page',
      '--env',
      'production',
      '--disable',
      '--if-version',
      '1',
    ]);
    expect(stale.code).toBe(5);
    expect(stale.stderr).toContain('nothing was changed: someone else saved version 2 meanwhile');
    const staleJson = await cli([
      'flags',
      'update',
      'pricing_page',
      '--name',
      'x',
      '--if-version',
      '1',
      '--json',
    ]);
    expect(staleJson.code).toBe(5);
    expect(staleJson.json<ErrorOutput>().error.code).toBe('PRECONDITION_FAILED');
    const current = await server().request({ method: 'GET', url: '/api/v1/flags/pricing_page' });
    expect(current.json()).toMatchObject({ version: 2, name: 'pricing_page' });

    // A percentage alone keeps the variant served; a definition change without --if-version applies.
    const percentage = await cli([
      'flags',
      'update',
      'pricing_page',
      '--env',
      'production',
      '--percentage',
      '50',
    ]);
    expect(percentage.code, percentage.stderr).toBe(0);
    expect(percentage.stdout).toMatch(/production\s+on\s+on to 50%/);
    const definition = await cli(['flags', 'update', 'pricing_page', '--owner', 'growth', '--json']);
    expect(definition.json<Flag>()).toMatchObject({ owner: 'growth', version: 4 });

    // Rules from a file (stdin) for one environment, with an option on top.
    const rules = [
      { conditions: [{ op: 'in', attribute: 'userId', values: ['u1', 'u2'] }], serve: { variant: 'on' } },
    ];
    const fromFile = await cli(
      ['flags', 'update', 'pricing_page', '--env', 'staging', '--file', '-', '--enable'],
      JSON.stringify({ rules }),
    );
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/staging\s+on\s+off\s+1\s/);
    expect(fromFile.stdout).toContain('rules in staging:\n  1. when userId in [u1, u2] → serve on');
  });

  it('archives, unarchives, restores a version and shows the history', async () => {
    await server().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('old_banner') });
    await server().request({
      method: 'PATCH',
      url: '/api/v1/flags/old_banner/environments/staging',
      headers: { 'if-match': '"1"' },
      payload: { enabled: true },
    });

    const archived = await cli(['flags', 'archive', 'old_banner']);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toBe('old_banner archived (version 3)\n');
    const unarchived = await cli(['flags', 'unarchive', 'old_banner', '--if-version', '3', '--json']);
    expect(unarchived.json<Flag>()).toMatchObject({ archived: false, version: 4 });

    const restored = await cli(['flags', 'restore', 'old_banner', '1']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toBe('old_banner: version 1 restored as version 5\n');
    const flag = await server().request({ method: 'GET', url: '/api/v1/flags/old_banner' });
    expect(flag.json<Flag>().environments.staging?.enabled).toBe(false);

    const history = await cli(['flags', 'history', 'old_banner']);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^VERSION\s+AT\s+ACTOR\s+CHANGED/);
    expect(history.stdout).toMatch(/\n2\s+\S+ \S+\s+bootstrap-admin\s+environments\.staging\.enabled\n/);
    expect(history.stdout).toMatch(/\n1\s+.*created\n/);
    expect(history.stdout).toMatch(/audit:\nAT\s+ACTOR\s+ACTION/);
    expect(history.stdout).toContain('flag.restored');

    const json = await cli(['flags', 'history', 'old_banner', '--json']);
    const { versions, audit } = json.json<{ versions: { version: number }[]; audit: { action: string }[] }>();
    expect(versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(audit.at(-1)?.action).toBe('flag.created');
  });

  it('explains what a context gets and why: the rule, or the bucket against the gate', async () => {
    await server().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('beta_search', {
        environments: {
          production: {
            enabled: true,
            rules: [
              {
                description: 'staff',
                conditions: [{ op: 'eq', attribute: 'plan', value: 'staff' }],
                serve: { variant: 'on' },
              },
            ],
            fallthrough: { variant: 'on', percentage: 0.001 },
          },
        },
      }),
    });
    const [rule, gate, off] = await Promise.all([
      cli(['explain', 'beta_search', '--env', 'production', '--context', '{"userId":"u1","plan":"staff"}']),
      cli(['explain', 'beta_search', '--env', 'production', '--context', '{"userId":"u1"}', '--json']),
      cli(['explain', 'beta_search', '--env', 'staging', '--context', '{"userId":"u1"}']),
    ]);
    expect(rule.code, rule.stderr).toBe(0);
    expect(rule.stdout).toContain('serves:  on (true)');
    expect(rule.stdout).toMatch(/because: rule 1 of 1 matched.*\n\s+staff: when plan eq "staff" → serve on/);

    const explanation = gate.json<{ evaluation: { reason: string; bucket: number; variant: string } }>();
    expect(explanation.evaluation).toMatchObject({ reason: 'DEFAULT', variant: 'off' });
    expect(explanation.evaluation.bucket).toBeGreaterThanOrEqual(1);

    expect(off.stdout).toContain('because: the flag is off in staging');

    const badContext = await cli(['explain', 'beta_search', '--env', 'production', '--context', 'userId=u1']);
    expect(badContext.code).toBe(2);
    expect(badContext.stderr).toContain('not JSON');
  });
});

describe('flagstaff without a server', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('exits 6 when the server cannot be reached, and 2 without a token or for a wrong command', async () => {
    const [unreachable, unreachableWrite, noToken, wrong] = await Promise.all([
      runCli(['flags', 'list', '--server', 'http://127.0.0.1:9', '--token', 't']),
      runCli(['flags', 'archive', 'x', '--server', 'http://127.0.0.1:1', '--token', 't', '--json']),
      runCli(['flags', 'list', '--server', 'http://127.0.0.1:9']),
      runCli(['flags', 'bogus']),
    ]);
    expect(unreachable.code).toBe(6);
    expect(unreachable.stderr).toContain('cannot reach the Flagstaff server at http://127.0.0.1:9');
    expect(unreachableWrite.code).toBe(6);
    expect(unreachableWrite.json<ErrorOutput>().error.code).toBe('UNREACHABLE');

    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no token');

    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown command 'bogus'");
  });

  it('refuses options that do not go together before sending anything (2)', async () => {
    const offline = ['--server', 'http://127.0.0.1:1', '--token', 't'];
    const runs = await Promise.all([
      runCli(['flags', 'update', 'f', '--enable', ...offline]),
      runCli(['flags', 'update', 'f', '--env', 'production', '--owner', 'x', ...offline]),
      runCli(['flags', 'update', 'f', '--if-version', 'three', ...offline]),
      runCli(['flags', 'create', 'f', '--type', 'sometimes', ...offline]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0]?.stderr).toContain('--enable changes one environment: add --env <env>');
    expect(runs[1]?.stderr).toContain('--owner changes the flag, not one environment');
    expect(runs[2]?.stderr).toContain('expected a whole number from 1');
    expect(runs[3]?.stderr).toContain('Allowed choices are release, experiment, ops, permission');
  });

  it('prints help with exit 0, from the bundle and from the sources', async () => {
    for (const env of [{}, { FLAGSTAFF_CLI_FROM_SOURCE: '1' }]) {
      const run = await runCli(['flags', 'update', '--help'], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: flagstaff flags update');
      expect(run.stdout).toContain('--if-version <n>');
    }
  });
});
