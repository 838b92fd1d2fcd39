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

  const description = async (app: TestApp) =>
    (await app.request({ method: 'GET', url: '/api/v1/flags/shared' })).json().description;

  it("reads its own writes at once, another replica's within the TTL, and a 412 makes it look again", async () => {
    await a.request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: releaseFlag('shared', { description: 'one' }),
    });
    expect(await description(b)).toBe('one');
    const written = await a.request({
      method: 'PATCH',
      url: '/api/v1/flags/shared',
      headers: { 'if-match': '"1"' },
      payload: { description: 'two' },
    });
    expect(written.statusCode).toBe(200);
    expect(await description(a)).toBe('two');

    // b may still serve "one" from memory, but it cannot write over "two" with it.
    const stale = await b.request({
      method: 'PATCH',
      url: '/api/v1/flags/shared',
      headers: { 'if-match': '"1"' },
      payload: { description: 'lost?' },
    });
    expect(stale.statusCode).toBe(412);
    expect(await description(b)).toBe('two');

    await a.request({
      method: 'PATCH',
      url: '/api/v1/flags/shared',
      headers: { 'if-match': '"2"' },
      payload: { description: 'three' },
    });
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
});
