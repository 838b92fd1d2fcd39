import { OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ProtocolDouble,
  snapshotOf,
  startProtocolDouble,
  until,
} from '../../sdk-core/test/protocol-double.ts';
import { createClient, type Snapshot } from '../src/index.ts';
import { FlagstaffProvider } from '../src/openfeature/index.ts';

const snapshot: Snapshot = {
  ...snapshotOf(1, { killed: true }),
  flags: [
    { ...snapshotOf(1, { killed: true }).flags[0]!, enabled: false },
    {
      key: 'tier',
      type: 'experiment',
      salt: 'tier',
      variants: [
        { key: 'free', value: 'free' },
        { key: 'gold', value: 'gold' },
      ],
      enabled: true,
      offVariant: 'free',
      rules: [
        {
          id: 'staff',
          conditions: [{ op: 'eq', attribute: 'email', value: 'a@x.io' }],
          serve: { variant: 'gold' },
        },
      ],
      fallthrough: {
        split: [
          { variant: 'free', weight: 50 },
          { variant: 'gold', weight: 50 },
        ],
      },
    },
    {
      key: 'limits',
      type: 'ops',
      salt: 'limits',
      variants: [{ key: 'v1', value: { rps: 10 } }],
      enabled: true,
      offVariant: 'v1',
      rules: [],
      fallthrough: { variant: 'v1' },
    },
  ],
};

let server: ProtocolDouble | undefined;
afterEach(async () => {
  await OpenFeature.close();
  await server?.close();
});

describe('OpenFeature server provider', () => {
  it('maps reasons, variants, metadata and error codes', async () => {
    const client = createClient({
      url: 'http://127.0.0.1:9',
      sdkKey: 'srv_k',
      bootstrap: snapshot,
      streaming: false,
      pollInterval: 3_600_000,
      metrics: false,
    });
    await OpenFeature.setProviderAndWait(new FlagstaffProvider(client, 50));
    const of = OpenFeature.getClient();
    expect(await of.getBooleanDetails('killed', true, { targetingKey: 'u1' })).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'DISABLED',
    });
    expect(await of.getStringDetails('tier', 'x', { targetingKey: 'u1', email: 'a@x.io' })).toMatchObject({
      value: 'gold',
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleId: 'staff', ruleIndex: 0 },
    });
    const split = await of.getStringDetails('tier', 'x', { targetingKey: 'u1' });
    expect(split).toMatchObject({ reason: 'SPLIT' });
    expect(split.flagMetadata.splitBucket).toBe(client.explain('tier', { key: 'u1' }).splitBucket);
    expect(await of.getObjectValue('limits', {}, {})).toEqual({ rps: 10 });
    expect(await of.getNumberDetails('tier', 7, { targetingKey: 'u1' })).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(await of.getBooleanDetails('nope', true, {})).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('turns SDK changes into ConfigurationChanged events', async () => {
    server = await startProtocolDouble(snapshotOf(1, { a: true }));
    const client = createClient({ url: server.url, sdkKey: 'srv_test', metrics: false });
    await OpenFeature.setProviderAndWait(new FlagstaffProvider(client));
    const changed: string[][] = [];
    OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, (e) =>
      changed.push((e?.flagsChanged as string[] | undefined) ?? []),
    );
    server.publish(snapshotOf(2, { a: false }));
    await until(() => changed.length > 0);
    expect(changed[0]).toEqual(['a']);
    expect(await OpenFeature.getClient().getBooleanValue('a', true)).toBe(false);
  });
});
