import { describe, expect, it } from 'vitest';
import { releaseFlag } from '../../server/test/support/test-app.ts';
import { runCli } from './support/cli.ts';
import { CLI_TEST_TIMEOUT_MS, drivers, useCliServer } from './support/cli-server.ts';

const DAY = 86_400_000;

interface Report {
  owners: { owner: string | null; flags: { key: string; reasons: { code: string; ageDays: number }[] }[] }[];
}

describe.each(drivers())(
  'flagstaff cleanup and flags extend (%s)',
  { timeout: CLI_TEST_TIMEOUT_MS },
  (driver) => {
    // The server's clock: moved forward to let a flag expire.
    let now = Date.now();
    const server = useCliServer(driver, { clock: () => new Date(now) });
    const cli = (args: string[]) => runCli(args, { env: server().env });

    it('lists expired flags by owner with reasons and ages, filters, fails on findings, runs the job', async () => {
      await server().request({
        method: 'POST',
        url: '/api/v1/flags',
        payload: releaseFlag('old_checkout', { expiresAt: new Date(now + DAY).toISOString() }),
      });
      now += 10 * DAY;

      const report = await cli(['cleanup']);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toMatch(
        /^checkout-team: 1 flag\n {2}FLAG\s+TYPE\s+REASON\s+ENVIRONMENT\s+AGE\s+DETAIL\n/,
      );
      expect(report.stdout).toMatch(/ {2}old_checkout\s+release\s+expired\s+-\s+9 days\s+\S/);
      expect(report.stdout).toMatch(/\d+ flags? to clean up, 1 owner/);

      const [json, failing, otherOwner] = await Promise.all([
        cli(['cleanup', '--json']),
        cli(['cleanup', '--fail-on-findings', '--owner', 'checkout-team']),
        cli(['cleanup', '--fail-on-findings', '--owner', 'nobody']),
      ]);
      const flags = json.json<Report>().owners.flatMap((group) => group.flags);
      const expired = flags.find((flag) => flag.key === 'old_checkout');
      expect(expired?.reasons).toContainEqual(expect.objectContaining({ code: 'expired', ageDays: 9 }));
      expect(failing.code).toBe(1);
      expect(otherOwner.code).toBe(0);
      expect(otherOwner.stdout).toMatch(/^no stale or expired flags/);

      // The lifecycle: an expired flag is due for cleanup in every environment.
      const [due, got] = await Promise.all([
        cli(['flags', 'list', '--lifecycle', 'cleanup_due', '--env', 'production']),
        cli(['flags', 'get', 'old_checkout']),
      ]);
      expect(due.stdout).toMatch(
        /STAGE \(production\)\nold_checkout\s.*cleanup due since \d{4}-\d{2}-\d{2}\n$/,
      );
      expect(got.stdout).toMatch(/ENVIRONMENT\s+ENABLED\s+SERVES\s+RULES\s+OFF VARIANT\s+CLIENT\s+STAGE\n/);
      expect(got.stdout).toMatch(/production\s.*cleanup due since/);

      const run = await cli(['cleanup', '--run', '--json']);
      expect(run.code, run.stdout).toBe(0);
      expect(run.json<{ flagged: number; owners: number }>().flagged).toBeGreaterThanOrEqual(1);
      const runHuman = await cli(['cleanup', '--run', '--fail-on-findings']);
      expect(runHuman.code).toBe(1);
      expect(runHuman.stdout).toMatch(
        /^cleanup ran at \S+: \d+ flags? flagged for \d+ owners?, \d+ notified\n$/,
      );
    });

    it('extends an expiry with a reason, and refuses one beyond the maximum lifetime (7)', async () => {
      const until = new Date(now + 30 * DAY).toISOString();
      const extended = await cli([
        'flags',
        'extend',
        'old_checkout',
        '--until',
        until,
        '--reason',
        'mobile release',
      ]);
      expect(extended.code, extended.stderr).toBe(0);
      expect(extended.stdout).toMatch(
        new RegExp(`^old_checkout now expires ${until.replace(/\./g, '\\.')} \\(version \\d+\\)`),
      );

      const report = await cli(['cleanup', '--json']);
      const reasons = report
        .json<Report>()
        .owners.flatMap((group) => group.flags)
        .find((flag) => flag.key === 'old_checkout')?.reasons;
      expect(reasons?.some((reason) => reason.code === 'expired') ?? false).toBe(false);

      const tooLong = await cli([
        'flags',
        'extend',
        'old_checkout',
        '--until',
        '2099-01-01',
        '--reason',
        'forever',
      ]);
      expect(tooLong.code).toBe(7);
      const noReason = await cli(['flags', 'extend', 'old_checkout', '--until', '30d']);
      expect(noReason.code).toBe(2);
      expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    });
  },
);
