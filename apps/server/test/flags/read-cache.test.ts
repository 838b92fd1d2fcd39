import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseFlag, startTestApp, type TestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const TTL = 300;

describe.each(drivers())('flag reads from memory, two replicas on one database (%s)', (driver) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp(driver, { readCacheMs: TTL });
    b = await startTestApp(driver, { readCacheMs: TTL, database: a.database });
  }, 60_000);
  afterAll(async () => {
    await b.app.close();
    await a.app.close();
    await a.database.close();
  });

  const patch = (app: TestApp, key: string, ifMatch: string, payload: Record<string, unknown>) =>
    app.request({ method: 'PATCH', url: `/api/v1/flags/${key}`, headers: { 'if-match': ifMatch }, payload });

  const description = async (app: TestApp) =>
    (await app.request({ method: 'GET', url: '/api/v1/flags/shared' })).json().description;

  it("reads its own writes at once, another replica's within the TTL, and a 412 makes it look again", async () => {
    await a.request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('shared', { description: 'one' }),
    });
    expect(await description(b)).toBe('one');
    const written = await patch(a, 'shared', '"1"', { description: 'two' });
    expect(written.statusCode).toBe(200);
    expect(await description(a)).toBe('two');

    // b may still serve "one" from memory, but it cannot write over "two" with it.
    const stale = await patch(b, 'shared', '"1"', { description: 'lost?' });
    expect(stale.statusCode).toBe(412);
    expect(await description(b)).toBe('two');

    await patch(a, 'shared', '"2"', { description: 'three' });
    await new Promise((resolve) => setTimeout(resolve, TTL + 50));
    expect(await description(b)).toBe('three');
  });

  it('sees a flag created on the other replica within the TTL, and lists it', async () => {
    expect((await b.request({ method: 'GET', url: '/api/v1/flags/late' })).statusCode).toBe(404);
    await a.request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('late') });
    await new Promise((resolve) => setTimeout(resolve, TTL + 50));
    expect((await b.request({ method: 'GET', url: '/api/v1/flags/late' })).statusCode).toBe(200);
    const list = await b.request({ method: 'GET', url: '/api/v1/flags' });
    expect(list.json().items.map((f: { key: string }) => f.key)).toContain('late');
  });

  it('writes from a cached copy only when the database still holds that version', async () => {
    await a.request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('edited', { tags: ['a'] }),
    });
    // b caches version 1; then a writes version 2, which b's cache does not know of yet.
    expect((await b.request({ method: 'GET', url: '/api/v1/flags/edited' })).json().version).toBe(1);
    const onA = await patch(a, 'edited', '"1"', { tags: ['a', 'from-a'] });
    expect(onA.statusCode).toBe(200);

    const stale = await patch(b, 'edited', '"1"', { description: 'from b' });
    expect(stale.statusCode).toBe(412);
    // `*` takes whatever is current: b's change lands on top of a's, not on its cached copy.
    const any = await patch(b, 'edited', '*', { description: 'from b' });
    expect(any.statusCode).toBe(200);
    expect(any.json()).toMatchObject({ version: 3, description: 'from b', tags: ['a', 'from-a'] });

    // The usual edit on one replica: GET, then PATCH with its ETag, from the cached copy.
    const read = await a.request({ method: 'GET', url: '/api/v1/flags/edited' });
    const edit = await patch(a, 'edited', read.headers.etag as string, { owner: 'new-owner' });
    expect(edit.json()).toMatchObject({ version: 4, owner: 'new-owner', description: 'from b' });
    const versions = await a.request({ method: 'GET', url: '/api/v1/flags/edited/versions' });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
  });
});
