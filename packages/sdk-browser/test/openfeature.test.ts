import { OpenFeature } from '@openfeature/web-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotOf } from '../../sdk-core/test/protocol-double.ts';
import { createClient, type Snapshot } from '../src/index.ts';
import { FlagstaffWebProvider } from '../src/openfeature/index.ts';

const snapshot: Snapshot = snapshotOf(1, { beta: false });
snapshot.flags[0]!.rules = [
  { id: 'fr', conditions: [{ op: 'eq', attribute: 'country', value: 'FR' }], serve: { variant: 'on' } },
];

afterEach(() => OpenFeature.close());

describe('OpenFeature web provider', () => {
  it('evaluates synchronously for the context OpenFeature holds, and follows context changes', async () => {
    const client = createClient({
      url: 'http://127.0.0.1:9',
      clientKey: 'cli_k',
      context: {},
      bootstrap: snapshot,
      storage: null,
      streaming: false,
      pollInterval: 3_600_000,
    });
    await OpenFeature.setContext({ targetingKey: 'u1', country: 'DE' });
    await OpenFeature.setProviderAndWait(new FlagstaffWebProvider(client, 50));
    const of = OpenFeature.getClient();
    expect(of.getBooleanDetails('beta', true)).toMatchObject({
      value: false,
      reason: 'DEFAULT',
      variant: 'off',
    });
    expect(client.context).toEqual({ key: 'u1', country: 'DE' });
    await OpenFeature.setContext({ targetingKey: 'u1', country: 'FR' });
    expect(of.getBooleanDetails('beta', false)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleId: 'fr' },
    });
    expect(of.getStringDetails('beta', 'd')).toMatchObject({
      value: 'd',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
  });
});
