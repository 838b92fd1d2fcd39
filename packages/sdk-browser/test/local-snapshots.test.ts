import type { Condition, Snapshot } from '@flagstaff/evaluator';
import { snapshotProblem } from '@flagstaff/evaluator/validate';
import { describe, expect, it } from 'vitest';
import { until } from '../../sdk-core/test/protocol-double.ts';
import { createClient, type FlagstaffError } from '../src/index.ts';

/** `gated` serves `on` to everyone not in an empty list: what an unchecked bootstrap would enable. */
const unsound: Snapshot = {
  schemaVersion: 1,
  environment: 'test',
  revision: 3,
  segments: [],
  flags: [
    {
      key: 'gated',
      type: 'release',
      salt: 'salt-gated',
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      enabled: true,
      offVariant: 'off',
      rules: [
        {
          id: 'r',
          conditions: [{ op: 'not_in', attribute: 'key', values: [] } as Condition],
          serve: { variant: 'on' },
        },
      ],
      fallthrough: { variant: 'off' },
    },
  ],
};

const options = {
  url: 'http://127.0.0.1:9',
  clientKey: 'cli_local',
  context: { key: 'u1' },
  storage: null,
  streaming: false,
  pollInterval: 3_600_000,
  bootstrap: unsound,
};

describe('bootstrap snapshots in the browser', () => {
  it('with checkSnapshot: refuses a snapshot that breaks the server rules, with a clear error', async () => {
    const client = createClient({ ...options, checkSnapshot: snapshotProblem });
    const errors: FlagstaffError[] = [];
    client.on('error', (e) => errors.push(e));
    expect(client.isEnabled('gated', false)).toBe(false);
    await until(() => errors.some((e) => e.code === 'BAD_SNAPSHOT'));
    expect(errors.find((e) => e.code === 'BAD_SNAPSHOT')!.message).toMatch(
      /^bootstrap snapshot refused: flags\.0\.rules\.0\.conditions\.0\.values: must have 1 to/,
    );
    client.close();
  });

  it('without it (the default, to keep the bundle small): only the envelope is checked', () => {
    const client = createClient(options);
    expect(client.isEnabled('gated', false)).toBe(true);
    client.close();
  });
});
