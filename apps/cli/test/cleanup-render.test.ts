import { describe, expect, it } from 'vitest';
import type { CleanupReport } from '../src/lifecycle-api.ts';
import { renderCleanupReport } from '../src/render/cleanup-render.ts';

// A report shaped as the lifecycle contract's GET /api/v1/cleanup answer.
const report: CleanupReport = {
  generatedAt: '2026-12-03T12:00:00.000Z',
  staleAfterDays: 14,
  owners: [
    {
      owner: 'checkout-team',
      flags: [
        {
          key: 'new_checkout_flow',
          type: 'release',
          owner: 'checkout-team',
          expiresAt: '2026-11-30T00:00:00.000Z',
          archived: false,
          reasons: [
            {
              code: 'expired',
              environment: null,
              since: '2026-11-30T00:00:00.000Z',
              ageDays: 3,
              message: 'expired on 2026-11-30',
            },
            {
              code: 'settled',
              environment: 'production',
              since: '2026-11-10T00:00:00.000Z',
              ageDays: 23,
              message: '100% since 2026-11-10',
            },
          ],
        },
      ],
    },
    {
      owner: null,
      flags: [
        {
          key: 'old_banner',
          type: 'ops',
          owner: null,
          expiresAt: null,
          archived: true,
          reasons: [
            {
              code: 'archived_but_evaluated',
              environment: 'production',
              since: '2026-12-02T00:00:00.000Z',
              ageDays: 1,
              message: 'still evaluated by SDKs',
            },
          ],
        },
      ],
    },
  ],
};

describe('the cleanup report for people', () => {
  it('groups flags by owner, one row per reason with its environment and age', () => {
    const text = renderCleanupReport(report);
    expect(text.split('\n')).toEqual([
      'checkout-team: 1 flag',
      '  FLAG                   TYPE     REASON                     ENVIRONMENT  AGE      DETAIL',
      '  new_checkout_flow      release  expired                    -            3 days   expired on 2026-11-30',
      '                                  settled                    production   23 days  100% since 2026-11-10',
      '',
      '(no owner): 1 flag',
      '  FLAG                   TYPE     REASON                     ENVIRONMENT  AGE      DETAIL',
      '  old_banner (archived)  ops      archived, still evaluated  production   1 day    still evaluated by SDKs',
      '',
      '2 flags to clean up, 2 owners (settled after 14 days). Remove the flag from the code and archive it, or: flagstaff flags extend <key> --until <date> --reason <text>',
    ]);
  });

  it('says so when there is nothing to clean up', () => {
    expect(renderCleanupReport({ ...report, owners: [] })).toBe(
      'no stale or expired flags (settled after 14 days)',
    );
  });
});
