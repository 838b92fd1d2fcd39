import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const WRITERS = 50;

describe.each(drivers())('optimistic concurrency (%s)', (driver) => {
  const t = useTestApp(driver);

  it(`loses no update when ${WRITERS} writers read-modify-write one flag at once`, async () => {
    await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('contended') });
    let conflicts = 0;
    const writer = async (id: number) => {
      for (let attempt = 0; attempt < 500; attempt += 1) {
        const read = await t().request({ method: 'GET', url: '/api/v1/flags/contended' });
        const description = `${read.json().description}[w${id}]`;
        const write = await t().request({
          method: 'PATCH',
          url: '/api/v1/flags/contended',
          headers: { 'if-match': read.headers.etag as string },
          payload: { description },
        });
        if (write.statusCode === 200) return;
        expect(write.statusCode, write.body).toBe(412);
        conflicts += 1;
      }
      throw new Error(`writer ${id} never got through`);
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, id) => writer(id)));

    const final = (await t().request({ method: 'GET', url: '/api/v1/flags/contended' })).json();
    for (let id = 0; id < WRITERS; id += 1) expect(final.description).toContain(`[w${id}]`);
    expect(final.description.match(/\[w\d+\]/g)).toHaveLength(WRITERS);
    expect(final.version).toBe(WRITERS + 1);
    const versions = (await t().request({ method: 'GET', url: '/api/v1/flags/contended/versions' })).json()
      .items;
    expect(versions).toHaveLength(WRITERS + 1);
    const audit = (await t().request({ method: 'GET', url: '/api/v1/audit?flag=contended&limit=500' })).json()
      .items;
    expect(audit).toHaveLength(WRITERS + 1);
    if (driver === 'postgres') expect(conflicts).toBeGreaterThan(0);
  }, 120_000);
});
