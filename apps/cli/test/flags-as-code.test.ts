import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flag } from '@flagstaff/api-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { type CliServer, drivers, useCliServer } from './support/cli-server.ts';

// Each test runs the CLI as several real processes: on a loaded 2-core machine one takes seconds.
vi.setConfig({ testTimeout: 120_000 });

interface ApplyJson {
  dryRun: boolean;
  changes: { key: string; kind: string; version: number | null; diff: string[] }[];
  applied: { key: string; version: number }[];
}

const BIN = fileURLToPath(new URL('../bin/flagstaff.js', import.meta.url));
const EXPIRES = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** The playbook's example (seed/incremental-delivery.md), with an expiry in the future. */
const PLAYBOOK = `environment: production
feature_flags:
  new_checkout_flow:
    description: "New streamlined checkout experience"
    owner: "checkout-team"
    created: "2024-01-15"
    expires: "${EXPIRES}"
    default: false
    enabled: true
    rollout:
      percentage: 10
      sticky: true  # Same users always get same experience
    targeting:
      - internal_users: 100%
      - beta_users: 50%
`;

const dir = mkdtempSync(join(tmpdir(), 'flagstaff-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(content: string): string {
  files += 1;
  const path = join(dir, `flags-${files}.yaml`);
  writeFileSync(path, content);
  return path;
}

async function flag(server: CliServer, key: string) {
  const response = await server.request({ method: 'GET', url: `/api/v1/flags/${key}` });
  return { status: response.statusCode, body: response.json() as Flag };
}

describe.each(drivers())('flagstaff export and apply (%s)', (driver) => {
  const server = useCliServer(driver);
  const segments = async () => {
    for (const key of ['internal_users', 'beta_users']) {
      // Each test that needs them makes sure they exist (a second create is a 409).
      await server().request({ method: 'POST', url: '/api/v1/segments', payload: { key, included: ['u1'] } });
    }
  };

  it('applies the playbook’s YAML, shows the diff with --dry-run (exit 1), then has nothing to do', async () => {
    await segments();
    const path = file(PLAYBOOK);
    const plan = await runCli(['apply', '-f', path, '--dry-run', '--json'], { env: server().env });
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.json<ApplyJson>().changes.map((c) => [c.key, c.kind])).toEqual([
      ['new_checkout_flow', 'create'],
    ]);
    expect((await flag(server(), 'new_checkout_flow')).status).toBe(404);

    const applied = await runCli(['apply', '-f', path], { env: server().env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('+ new_checkout_flow');
    const { body } = await flag(server(), 'new_checkout_flow');
    expect(body.owner).toBe('checkout-team');
    expect(body.expiresAt).toBe(`${EXPIRES}T00:00:00.000Z`);
    const production = body.environments.production as Flag['environments'][string];
    expect(production.enabled).toBe(true);
    expect(production.offVariant).toBe('off');
    expect(production.fallthrough).toEqual({ variant: 'on', percentage: 10 });
    expect(
      production.rules.map((rule: { conditions: unknown; serve: unknown }) => [rule.conditions, rule.serve]),
    ).toEqual([
      [[{ op: 'segment', segments: ['internal_users'] }], { variant: 'on' }],
      [[{ op: 'segment', segments: ['beta_users'] }], { variant: 'on', percentage: 50 }],
    ]);
    expect(body.environments.staging?.enabled).toBe(false);

    const again = await runCli(['apply', '-f', path, '--dry-run'], { env: server().env });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('no changes');

    // An edit to the file is a diff on exactly what changed, applied with the version read.
    const edited = file(PLAYBOOK.replace('percentage: 10', 'percentage: 25'));
    const diff = await runCli(['apply', '-f', edited, '--dry-run', '--json'], { env: server().env });
    expect(diff.code).toBe(1);
    const [change] = diff.json<ApplyJson>().changes;
    expect(change?.diff).toEqual([
      'environments.production.fallthrough: {"variant":"on","percentage":10} → {"variant":"on","percentage":25}',
    ]);
    const done = await runCli(['apply', '-f', edited, '--json'], { env: server().env });
    expect(done.code).toBe(0);
    expect(done.json<ApplyJson>().applied).toEqual([
      { key: 'new_checkout_flow', kind: 'update', version: body.version + 1 },
    ]);
  });

  it('export | apply round-trips every kind of flag with no diff, for all environments and for one', async () => {
    const { request } = server();
    await segments();
    const created = [
      releaseFlag('banner_copy', {
        name: 'Banner copy',
        tags: ['marketing', 'web'],
        variants: [
          { key: 'control', value: 'Welcome' },
          { key: 'bold', value: 'WELCOME!' },
          { key: 'quiet', value: 'hi' },
        ],
        environments: {
          staging: {
            enabled: true,
            offVariant: 'control',
            fallthrough: {
              split: [
                { variant: 'control', weight: 50 },
                { variant: 'bold', weight: 50 },
              ],
              percentage: 20,
              stickiness: 'accountId',
            },
            rules: [
              { conditions: [{ op: 'segment', segments: ['beta_users'] }], serve: { variant: 'quiet' } },
              {
                description: 'EU',
                conditions: [{ op: 'in', attribute: 'country', values: ['DE', 'FR'] }],
                serve: { variant: 'bold', percentage: 30 },
              },
              { conditions: [{ op: 'segment', segments: ['internal_users'] }], serve: { variant: 'bold' } },
            ],
            clientVisible: true,
          },
        },
      }),
      {
        key: 'ops_kill_switch',
        type: 'ops',
        description: 'Turn the search off',
        environments: {
          production: {
            enabled: true,
            fallthrough: { variant: 'on' },
            rules: [
              {
                conditions: [{ op: 'segment', segments: ['internal_users'] }],
                serve: { variant: 'off', percentage: 50 },
              },
            ],
          },
          staging: {
            enabled: true,
            rules: [
              {
                conditions: [{ op: 'segment', segments: ['internal_users'] }],
                serve: { variant: 'on', percentage: 12.5 },
              },
            ],
          },
        },
      },
      {
        key: 'pricing_config',
        type: 'permission',
        owner: 'billing',
        variants: [
          { key: 'free', value: { seats: 1 } },
          { key: 'pro', value: { seats: 10, sso: true } },
        ],
      },
      releaseFlag('old_banner'),
    ];
    for (const payload of created) {
      const response = await request({ method: 'POST', url: '/api/v1/flags', payload });
      expect(response.statusCode, response.body).toBe(201);
    }
    const old = await request({ method: 'GET', url: '/api/v1/flags/old_banner' });
    await request({
      method: 'POST',
      url: '/api/v1/flags/old_banner/archive',
      headers: { 'if-match': old.headers.etag as string },
    });

    const exported = await runCli(['export'], { env: server().env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('feature_flags:');
    expect(exported.stdout).toContain('- internal_users: 12.5%');
    expect(exported.stdout).toMatch(/- segment: beta_users\n\s+percent: 100\n\s+variant: quiet/);
    const roundTrip = await runCli(['apply', '-f', '-', '--dry-run'], {
      env: server().env,
      stdin: exported.stdout,
    });
    expect(roundTrip.code, roundTrip.stdout + roundTrip.stderr).toBe(0);
    expect(roundTrip.stdout).toContain('no changes');

    const json = await runCli(['export', '--json'], { env: server().env });
    expect(json.code).toBe(0);
    expect(json.json<{ environments: string[]; flags: string[]; yaml: string }>()).toMatchObject({
      environments: ['development', 'staging', 'production'],
      yaml: exported.stdout.trimEnd().concat('\n'),
    });
    const production = await runCli(['export', '--env', 'production'], { env: server().env });
    expect(production.stdout).toMatch(/^environment: production$/m);
    const flat = await runCli(['apply', '-f', '-', '--dry-run'], {
      env: server().env,
      stdin: production.stdout,
    });
    expect(flat.code, flat.stdout + flat.stderr).toBe(0);

    // Applying the exported file changes nothing either (no new versions).
    const before = (await flag(server(), 'banner_copy')).body.version;
    const apply = await runCli(['apply', '-f', '-'], { env: server().env, stdin: exported.stdout });
    expect(apply.code).toBe(0);
    expect((await flag(server(), 'banner_copy')).body.version).toBe(before);

    // An archived flag is read-only: changing it while keeping it archived is refused before any write.
    const archivedEdit = file(
      `feature_flags:\n  old_banner:\n    description: changed\n    owner: checkout-team\n    expires: "${EXPIRES}"\n    archived: true\n`,
    );
    const refused = await runCli(['apply', '-f', archivedEdit], { env: server().env });
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/:3:5: .*flag old_banner is archived and read-only: set archived: false/);
  });

  it('refuses a malformed or invalid file with its line and column, applying nothing', async () => {
    const syntax = await runCli(
      ['apply', '-f', file('feature_flags:\n  a_flag:\n    owner: team\n   expires: x\n'), '--json'],
      { env: server().env },
    );
    expect(syntax.code).toBe(7);
    const error = syntax.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/flags-\d+\.yaml:4:1: All mapping items must start at the same column/);
    const duplicate = await runCli(
      ['apply', '-f', file('feature_flags:\n  a_flag:\n    owner: a\n    owner: b\n')],
      {
        env: server().env,
      },
    );
    expect(duplicate.code).toBe(7);
    expect(duplicate.stderr).toMatch(/flags-\d+\.yaml:4:5: Map keys must be unique/);

    // Two flags: the first is fine, the second is wrong in three places. Neither is created.
    const invalid = file(`environment: production
feature_flags:
  fine_flag:
    owner: team
    expires: "${EXPIRES}"
  broken_flag:
    owner: team
    expires: "${EXPIRES}"
    rollout:
      percentage: 150
    targeting:
      - no_such_segment: 50%
    colour: blue
`);
    const run = await runCli(['apply', '-f', invalid], { env: server().env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('nothing was changed');
    expect(run.stderr).toMatch(
      /:10:19: feature_flags\.broken_flag\.rollout\.percentage: must be a percentage/,
    );
    expect(run.stderr).toMatch(/:13:5: feature_flags\.broken_flag\.colour: unknown field colour/);
    const fixedShape = file(
      readFileSync(invalid, 'utf8')
        .replace('percentage: 150', 'percentage: 15')
        .replace('    colour: blue\n', ''),
    );
    const reference = await runCli(['apply', '-f', fixedShape], { env: server().env });
    expect(reference.code).toBe(7);
    expect(reference.stderr).toMatch(/:12:9: .*there is no segment no_such_segment/);
    expect((await flag(server(), 'fine_flag')).status).toBe(404);
    expect((await flag(server(), 'broken_flag')).status).toBe(404);

    const noEnvironment = await runCli(
      ['apply', '-f', file('feature_flags:\n  x:\n    type: ops\n    enabled: true\n')],
      {
        env: server().env,
      },
    );
    expect(noEnvironment.code).toBe(7);
    expect(noEnvironment.stderr).toMatch(/:4:5: .*names no environment/);
  });

  it('reports a flag edited between the plan and the apply (exit 5) and overwrites nothing', async () => {
    const { request } = server();
    for (const key of ['first_flag', 'second_flag']) {
      await request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, { description: 'before' }),
      });
    }
    const path = file(`environment: production
feature_flags:
  first_flag:
    description: from the file
    owner: checkout-team
    expires: "${EXPIRES}"
    enabled: true
  second_flag:
    description: from the file
    owner: checkout-team
    expires: "${EXPIRES}"
`);
    const child = spawn(process.execPath, [BIN, 'apply', '-f', path, '--confirm'], {
      env: { ...process.env, ...server().env, XDG_CONFIG_HOME: '/nonexistent' },
    });
    let stderr = '';
    const asked = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('[y/N]')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await asked;
    expect(stderr).toContain('~ second_flag');
    // Someone edits the second flag while the plan waits for its confirmation.
    const current = await request({ method: 'GET', url: '/api/v1/flags/second_flag' });
    const edit = await request({
      method: 'PATCH',
      url: '/api/v1/flags/second_flag',
      headers: { 'if-match': current.headers.etag as string },
      payload: { description: 'edited meanwhile' },
    });
    expect(edit.statusCode).toBe(200);
    child.stdin.end('y\n');
    expect(await exited).toBe(5);
    expect(stderr).toMatch(
      /flag second_flag moved from version 1 to 2 since the plan was made: nothing was applied/,
    );
    expect((await flag(server(), 'second_flag')).body.description).toBe('edited meanwhile');
    expect((await flag(server(), 'first_flag')).body.description).toBe('before');
  });

  it('undoes the writes already made when the server refuses a later one (beyond the maximum lifetime)', async () => {
    const { request } = server();
    for (const key of ['kept_flag', 'stretched_flag']) {
      await request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag(key, { description: 'before', tags: ['a'] }),
      });
    }
    const farAway = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const path = file(`environment: production
feature_flags:
  kept_flag:
    description: from the file
    owner: checkout-team
    expires: "${EXPIRES}"
    enabled: true
    rollout: { percentage: 5 }
  stretched_flag:
    owner: checkout-team
    expires: "${farAway}"
`);
    const before = (await flag(server(), 'kept_flag')).body;
    const run = await runCli(['apply', '-f', path, '--json'], { env: server().env });
    expect(run.code).toBe(7);
    const error = run.json<{ error: { message: string; details: { undone: string[] } } }>().error;
    expect(error.message).toMatch(
      /^apply stopped at flag stretched_flag: [\s\S]*the changes already made were undone \(kept_flag\)/,
    );
    expect(error.details.undone).toEqual(['kept_flag']);
    const after = (await flag(server(), 'kept_flag')).body;
    expect(after.version).toBe(before.version + 2);
    const content = ({ version: _v, updatedAt: _u, ...rest }: Flag) => rest;
    expect(content(after)).toEqual(content(before));
    expect((await flag(server(), 'stretched_flag')).body.description).toBe('before');
  });

  it('creates new flags before the new flags whose prerequisites name them, whatever the file order', async () => {
    const path = file(`environment: production
feature_flags:
  child_flag:
    type: ops
    enabled: true
    rules:
      - conditions: [{ op: flag, flag: parent_flag, variants: ["on"] }]
        serve: { variant: "on" }
  parent_flag:
    type: ops
    enabled: true
    rollout: { percentage: 100 }
`);
    const run = await runCli(['apply', '-f', path, '--json'], { env: server().env });
    expect(run.code, run.stdout).toBe(0);
    expect(run.json<ApplyJson>().applied.map((change) => change.key)).toEqual(['parent_flag', 'child_flag']);
  });
});
