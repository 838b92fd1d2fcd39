import { describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { CLI_TEST_TIMEOUT_MS, drivers, useCliServer } from './support/cli-server.ts';

interface Plan {
  id: string;
  status: string;
  stageIndex: number;
  percentage: number;
}

describe.each(drivers())('flagstaff rollouts (%s)', { timeout: CLI_TEST_TIMEOUT_MS }, (driver) => {
  const server = useCliServer(driver);
  const cli = (args: string[]) => runCli(args, { env: server().env });

  it('suggests, starts, shows, pauses, resumes, advances, rolls back and restarts a rollout', async () => {
    await server().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('new_checkout_flow', { tags: ['payments'] }),
    });

    const [suggestion, started] = await Promise.all([
      cli(['rollouts', 'suggest', 'new_checkout_flow']),
      cli([
        'rollouts',
        'start',
        'new_checkout_flow',
        '--env',
        'production',
        '--stages',
        '1,10,100',
        '--min-stage',
        '1h',
      ]),
    ]);
    expect(suggestion.code, suggestion.stderr).toBe(0);
    expect(suggestion.stdout).toMatch(/^template: conservative \(0\.1% → 1% → 5%/);
    expect(suggestion.stdout).toContain('payments');

    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(
      /started\nro_[0-9a-f]{16} {2}new_checkout_flow in production: running, stage 1 of 3 at 1%/,
    );
    expect(started.stdout).toMatch(/stages:\s+\[1%\] → 10% → 100%\s+\(custom\)/);
    const id = /ro_[0-9a-f]{16}/.exec(started.stdout)?.[0] ?? '';

    // By flag key or by id.
    const [again, status, statusJson] = await Promise.all([
      cli(['rollouts', 'start', 'new_checkout_flow', '--env', 'production', '--json']),
      cli(['rollouts', 'status', 'new_checkout_flow']),
      cli(['rollouts', 'status', id, '--json']),
    ]);
    expect(again.code).toBe(5);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('ROLLOUT_IN_PROGRESS');

    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/CRITERION\s+KIND\s+STATUS\s+DETAIL\ntime at stage\s+health\s+fail/);
    expect(status.stdout).toMatch(
      /history:\nAT\s+EVENT\s+ACTOR\s+FROM\s+TO\s+MESSAGE\n.*started\s+bootstrap-admin\s+0%\s+1%/,
    );
    expect(statusJson.json<Plan & { history: unknown[] }>()).toMatchObject({
      id,
      status: 'running',
      percentage: 1,
    });

    const paused = await cli(['rollouts', 'pause', id, '--json']);
    expect(paused.json<Plan>().status).toBe('paused');
    const pausedTwice = await cli(['rollouts', 'pause', id]);
    expect(pausedTwice.code).toBe(5);
    const resumed = await cli(['rollouts', 'resume', 'new_checkout_flow', '--env', 'production']);
    expect(resumed.stdout).toMatch(/^resumed\n.*running, stage 1 of 3 at 1%/);
    const advanced = await cli(['rollouts', 'advance', 'new_checkout_flow']);
    expect(advanced.stdout).toMatch(/^advanced\n.*running, stage 2 of 3 at 10%/);

    const [noReason, rolledBack] = await Promise.all([
      cli(['rollouts', 'rollback', id]),
      cli(['rollouts', 'rollback', id, '--reason', 'errors up in checkout']),
    ]);
    expect(noReason.code).toBe(2);
    expect(rolledBack.stdout).toMatch(
      /^rolled back\n.*rolled back, everyone gets the stable variant \(off\)/,
    );

    const restarted = await cli(['rollouts', 'restart', 'new_checkout_flow', '--json']);
    expect(restarted.code, restarted.stdout).toBe(0);
    const second = restarted.json<Plan>();
    expect(second).toMatchObject({ status: 'running', stageIndex: 0, percentage: 1 });

    const [list, listJson, suggestJson] = await Promise.all([
      cli(['rollouts', 'list', '--flag', 'new_checkout_flow']),
      cli(['rollouts', 'list', '--status', 'rolled_back', '--json']),
      cli(['rollouts', 'suggest', 'new_checkout_flow', '--factors', 'ui_only', '--json']),
    ]);
    expect(listJson.json<Plan[]>().map((plan) => plan.id)).toEqual([id]);
    expect(suggestJson.json<{ template: string; reasons: string[] }>()).toMatchObject({
      template: expect.any(String),
      reasons: expect.any(Array),
    });
    expect(list.stdout).toMatch(/^ID\s+FLAG\s+ENVIRONMENT\s+STATUS\s+STAGE\s+SERVING\s+AT STAGE\n/);
    expect(list.stdout).toMatch(
      new RegExp(`${second.id}\\s+new_checkout_flow\\s+production\\s+running\\s+1/3\\s+1%`),
    );
    expect(list.stdout).toMatch(
      new RegExp(`${id}\\s+new_checkout_flow\\s+production\\s+rolled_back\\s+2/3\\s+0%`),
    );
  });

  it('exits 4 when there is no rollout to act on, and 7 for stages the server refuses', async () => {
    const [none, unknown, badStages] = await Promise.all([
      cli(['rollouts', 'pause', 'no_such_flag']),
      cli(['rollouts', 'status', 'ro_0000000000000000', '--json']),
      cli(['rollouts', 'start', 'new_checkout_flow', '--env', 'staging', '--stages', '10,5']),
    ]);
    expect(none.code).toBe(4);
    expect(none.stderr).toBe('flagstaff: no running rollout of no_such_flag\n');
    expect(unknown.code).toBe(4);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
    expect(badStages.code).toBe(7);
    expect(badStages.stderr).toContain('stages: stages only add users');
  });
});
