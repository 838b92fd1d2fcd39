import { type FlagConfig, type Segment, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '@flagstaff/evaluator';
import { describe, expect, it } from 'vitest';
import { booleanFlag } from '../../../../packages/evaluator/test/support/flags.ts';
import { encodeSnapshot } from '../../src/delivery/encoded-snapshot.ts';

const flag = (key: string, percentage: number): FlagConfig =>
  booleanFlag({ key, fallthrough: { variant: 'on', percentage }, version: percentage });
const segment = (key: string, included: string[]): Segment => ({ key, included, conditions: [] });
const snapshot = (revision: number, flags: FlagConfig[], segments: Segment[]): Snapshot => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  environment: 'production',
  revision,
  flags,
  segments,
});

/** The SSE event's fields. */
function parseEvent(buffer: Buffer) {
  const lines = buffer.toString().split('\n');
  const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  return { id: field('id'), event: field('event'), data: JSON.parse(field('data') ?? 'null') };
}

describe('encoded snapshots', () => {
  it('holds the snapshot as JSON and as one SSE snapshot event; the first has no patch', () => {
    const first = snapshot(7, [flag('a', 10)], []);
    const encoded = encodeSnapshot(first);
    expect(JSON.parse(encoded.json.toString())).toEqual(first);
    expect(parseEvent(encoded.event)).toEqual({ id: '7', event: 'snapshot', data: first });
    expect(encoded.patch).toBeUndefined();
  });

  it('makes a patch event with only what changed since the previous revision', () => {
    const before = encodeSnapshot(
      snapshot(7, [flag('a', 10), flag('b', 20), flag('c', 30)], [segment('s', ['x']), segment('t', ['y'])]),
    );
    const after = encodeSnapshot(
      snapshot(9, [flag('a', 11), flag('c', 30), flag('d', 40)], [segment('t', ['y']), segment('u', ['z'])]),
      before,
    );
    expect(parseEvent(after.patch!)).toEqual({
      id: '9',
      event: 'patch',
      data: {
        base: 7,
        revision: 9,
        flags: [flag('a', 11), flag('d', 40)],
        removedFlags: ['b'],
        segments: [segment('u', ['z'])],
        removedSegments: ['s'],
      },
    });
  });

  it('makes no patch against a revision that is not older', () => {
    const held = encodeSnapshot(snapshot(9, [flag('a', 10)], []));
    expect(encodeSnapshot(snapshot(9, [flag('a', 12)], []), held).patch).toBeUndefined();
  });
});
