import { describe, expect, it } from 'vitest';
import { createSnapshotHolder } from '../src/snapshot-holder.ts';
import { snapshotOf } from './protocol-double.ts';

describe('snapshot holder', () => {
  it('applies only higher revisions, whatever order they come in', () => {
    const holder = createSnapshotHolder();
    const applied = [3, 1, 3, 5, 4, 2, 6].map((r) => holder.offer(snapshotOf(r, { a: r % 2 === 0 })));
    expect(applied).toEqual([true, false, false, true, false, false, true]);
    expect(holder.revision).toBe(6);
    expect(holder.current.revision).toBe(6);
  });

  it('replaces a snapshot of another environment whatever its revision', () => {
    const holder = createSnapshotHolder();
    holder.offer({ ...snapshotOf(90, {}), environment: 'staging' });
    expect(holder.offer(snapshotOf(4, {}))).toBe(true);
    expect(holder.snapshot?.environment).toBe('test');
  });
});
