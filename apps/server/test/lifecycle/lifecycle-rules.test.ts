import { describe, expect, it } from 'vitest';
import type { EnvironmentState, FlagDocument } from '../../src/flags/flag-document.ts';
import {
  cleanupReasons,
  type FlagFacts,
  DEFAULT_LIFECYCLE_POLICY as policy,
  servedToEveryone,
  stageOf,
} from '../../src/lifecycle/lifecycle-rules.ts';
import { flagDocument, offState as off } from '../support/flag-documents.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);

function facts(state: Partial<EnvironmentState>, extra: Partial<FlagDocument> = {}, env = {}): FlagFacts {
  const flag = flagDocument('f', state, {
    createdAt: at(0).toISOString(),
    expiresAt: at(80).toISOString(),
    ...extra,
  });
  return {
    flag,
    updatedAt: at(0),
    environments: {
      production: { servedChangedAt: at(0), firstSeenAt: null, lastSeenAt: null, activePlan: false, ...env },
    },
  };
}

const stage = (f: FlagFacts, days: number) => stageOf(f, 'production', at(days), policy).stage;

describe('lifecycle rules', () => {
  it('reads what everyone is served: off when disabled, one variant only when every path gives it', () => {
    expect(servedToEveryone(off)).toBe('off');
    expect(servedToEveryone({ ...off, enabled: true, fallthrough: { variant: 'on' } })).toBe('on');
    expect(servedToEveryone({ ...off, enabled: true, fallthrough: { variant: 'on', percentage: 50 } })).toBe(
      undefined,
    );
    const split = {
      split: [
        { variant: 'on', weight: 100 },
        { variant: 'off', weight: 0 },
      ],
    };
    expect(servedToEveryone({ ...off, enabled: true, fallthrough: split })).toBe('on');
    const rule = { id: 'r', conditions: [], serve: { variant: 'off' } };
    expect(servedToEveryone({ ...off, enabled: true, rules: [rule], fallthrough: { variant: 'on' } })).toBe(
      undefined,
    );
  });

  it('derives the stage from what is served, what SDKs saw and the plans', () => {
    expect(stage(facts({}), 1)).toBe('created');
    expect(stage(facts({}, {}, { firstSeenAt: at(2) }), 3)).toBe('code_deployed');
    const internal = {
      id: 'r',
      conditions: [{ op: 'segment' as const, segments: ['internal'] }],
      serve: { variant: 'on' },
    };
    expect(stage(facts({ enabled: true, rules: [internal] }), 3)).toBe('test');
    expect(stage(facts({ enabled: true, fallthrough: { variant: 'on', percentage: 10 } }), 3)).toBe('canary');
    expect(stage(facts({}, {}, { activePlan: true }), 3)).toBe('canary');
    expect(stage(facts({ enabled: true, fallthrough: { variant: 'on' } }), 3)).toBe('full');
    // Full and unchanged for the window: cleanup due, dated from when it became due.
    expect(
      stageOf(facts({ enabled: true, fallthrough: { variant: 'on' } }), 'production', at(31), policy),
    ).toEqual({
      stage: 'cleanup_due',
      since: at(30).toISOString(),
    });
    expect(stage(facts({}), 81)).toBe('cleanup_due');
    expect(stage(facts({}, { archived: true }), 3)).toBe('archived');
    // An ops flag at 100% for a year is where it belongs.
    expect(
      stage(facts({ enabled: true, fallthrough: { variant: 'on' } }, { type: 'ops', expiresAt: null }), 365),
    ).toBe('full');
  });

  it('gives each cleanup reason with its age, and exempts ops flags from expiry and settling', () => {
    const codes = (f: FlagFacts, days: number) => cleanupReasons(f, at(days), policy).map((r) => r.code);
    const seen = { lastSeenAt: at(70), firstSeenAt: at(1) };
    expect(
      codes(facts({ enabled: true, fallthrough: { variant: 'on', percentage: 5 } }, {}, seen), 74),
    ).toEqual(['expiring_soon']);
    expect(
      codes(facts({ enabled: true, fallthrough: { variant: 'on', percentage: 5 } }, {}, seen), 81),
    ).toEqual(['expired']);
    expect(codes(facts({ enabled: true, fallthrough: { variant: 'on' } }, {}, seen), 31)).toEqual([
      'settled',
    ]);
    expect(
      codes(facts({ enabled: true, fallthrough: { variant: 'on' } }, { type: 'ops', expiresAt: null }), 31),
    ).toEqual(['not_evaluated']);
    const archived = facts({}, { archived: true }, { lastSeenAt: at(0.005) });
    expect(codes(archived, 5)).toEqual([]); // a flush 7 minutes after archiving is not use
    expect(
      codes(
        {
          ...archived,
          environments: { production: { ...archived.environments.production!, lastSeenAt: at(4) } },
        },
        5,
      ),
    ).toEqual(['archived_but_evaluated']);
    const [quiet] = cleanupReasons(
      facts({ enabled: true, fallthrough: { variant: 'on', percentage: 5 } }, {}, { lastSeenAt: at(10) }),
      at(45),
      policy,
    );
    expect(quiet).toMatchObject({ code: 'not_evaluated', since: at(10).toISOString(), ageDays: 35 });
  });
});
