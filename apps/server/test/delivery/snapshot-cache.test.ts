import type { Snapshot } from '@flagstaff/evaluator';
import { describe, expect, it } from 'vitest';
import { createSnapshotCache, type SnapshotSource } from '../../src/delivery/snapshot-cache.ts';
import { type EnvironmentRead, shapeSnapshot, withFlag } from '../../src/environments/snapshot-service.ts';
import type { FlagDocument } from '../../src/flags/flag-document.ts';
import { flagDocument } from '../support/flag-documents.ts';

function flagAt(key: string, version: number, enabled: boolean): FlagDocument & { version: number } {
  return { ...flagDocument(key, { enabled, fallthrough: { variant: 'on' }, clientVisible: true }), version };
}

/** A fake Postgres: the truth at some revision, and a count of the reads delivery made. */
function fakeSource(initial: EnvironmentRead) {
  let truth = initial;
  const source: SnapshotSource & { reads: number } = {
    reads: 0,
    async read() {
      source.reads += 1;
      return truth;
    },
    shape: shapeSnapshot,
    withFlag,
    flagVersion: async () => undefined,
  };
  return {
    source,
    write(flag: FlagDocument & { version: number }) {
      truth = withFlag(truth, 'production', truth.revision + 1, flag);
      return truth.revision;
    },
  };
}

const decoded = (cache: ReturnType<typeof createSnapshotCache>, audience: 'server' | 'client') =>
  JSON.parse(cache.get('production', audience)!.json.toString()) as Snapshot;

describe('snapshot cache: writes applied without reading the database', () => {
  it('applies a write to the revision just before it, with no read, and tells the streams', async () => {
    const db = fakeSource({ revision: 0, rows: [], segments: [], clientSalt: '' });
    const updates: string[] = [];
    const cache = createSnapshotCache(db.source, (_env, audience, encoded) =>
      updates.push(`${audience}@${encoded.revision}`),
    );
    await cache.refresh('production', 0);
    expect(db.source.reads).toBe(1);

    const flag = flagAt('checkout', 1, true);
    const revision = db.write(flag);
    await cache.apply({ environment: 'production', revision }, flag);

    expect(db.source.reads).toBe(1);
    expect(updates).toEqual(['server@0', 'client@0', 'server@1', 'client@1']);
    expect(decoded(cache, 'server').flags.map((f) => [f.key, f.enabled, f.version])).toEqual([
      ['checkout', true, 1],
    ]);
    expect(decoded(cache, 'client').revision).toBe(1);
  });

  it('reloads when revisions were skipped (a write it never heard of came in between)', async () => {
    const db = fakeSource({ revision: 0, rows: [], segments: [], clientSalt: '' });
    const cache = createSnapshotCache(db.source, () => {});
    await cache.refresh('production', 0);
    db.write(flagAt('unseen', 1, true));
    const flag = flagAt('checkout', 1, false);
    const revision = db.write(flag);
    await cache.apply({ environment: 'production', revision }, flag);
    expect(db.source.reads).toBe(2);
    expect(decoded(cache, 'server').flags.map((f) => f.key)).toEqual(['checkout', 'unseen']);
  });

  it('never goes back: a late write of an older revision changes nothing', async () => {
    const db = fakeSource({ revision: 0, rows: [], segments: [], clientSalt: '' });
    const cache = createSnapshotCache(db.source, () => {});
    await cache.refresh('production', 0);
    const first = flagAt('checkout', 1, true);
    const firstRevision = db.write(first);
    const second = flagAt('checkout', 2, false);
    const secondRevision = db.write(second);
    await cache.apply({ environment: 'production', revision: secondRevision }, second);
    await cache.apply({ environment: 'production', revision: firstRevision }, first);
    const served = decoded(cache, 'server');
    expect(served.revision).toBe(2);
    expect(served.flags[0]).toMatchObject({ key: 'checkout', version: 2, enabled: false });
  });

  it('keeps flags in key order and drops archived ones', async () => {
    const db = fakeSource({ revision: 0, rows: [], segments: [], clientSalt: '' });
    const cache = createSnapshotCache(db.source, () => {});
    await cache.refresh('production', 0);
    for (const key of ['m', 'a', 'z']) {
      const flag = flagAt(key, 1, true);
      await cache.apply({ environment: 'production', revision: db.write(flag) }, flag);
    }
    const archived = { ...flagAt('m', 2, true), archived: true };
    await cache.apply({ environment: 'production', revision: db.write(archived) }, archived);
    expect(decoded(cache, 'server').flags.map((f) => f.key)).toEqual(['a', 'z']);
    expect(db.source.reads).toBe(1);
  });
});
