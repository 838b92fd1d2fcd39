import { describe, expect, it } from 'vitest';
import { releaseFlag, useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

/** Numbers a column cannot hold, and forms that are not plain decimal digits. */
const OUT_OF_RANGE = ['0', '2147483648', '4294967296', '9007199254740992', '99999999999999999999'];
const NOT_DECIMAL = ['0x1', '1e0', '+1', '1.0', '-1', '0b1', '0o1', '%201', '1%20', 'Infinity', 'NaN'];

describe.each(drivers())('numeric path and query parameters (%s)', (driver) => {
  const t = useTestApp(driver);

  it('answers 400, never 500, for versions the column cannot hold or that are not decimal', async () => {
    const created = await t().request({ method: 'POST', url: '/api/v1/flags', payload: releaseFlag('nums') });
    expect(created.statusCode).toBe(201);
    for (const version of [...OUT_OF_RANGE, ...NOT_DECIMAL]) {
      const read = await t().request({ method: 'GET', url: `/api/v1/flags/nums/versions/${version}` });
      expect(read.statusCode, `GET versions/${version}`).toBe(400);
      expect(read.json().error.code).toBe('VALIDATION_FAILED');
      const restore = await t().request({
        method: 'POST',
        url: `/api/v1/flags/nums/versions/${version}/restore`,
        headers: { 'if-match': '"1"' },
      });
      expect(restore.statusCode, `restore versions/${version}`).toBe(400);
    }
    // The largest int4 is a well-formed version that does not exist, and leading zeros are still decimal.
    const largest = await t().request({ method: 'GET', url: '/api/v1/flags/nums/versions/2147483647' });
    expect(largest.statusCode).toBe(404);
    const padded = await t().request({ method: 'GET', url: '/api/v1/flags/nums/versions/0001' });
    expect(padded.statusCode).toBe(200);
    expect(padded.json().version).toBe(1);
  });

  it('bounds limits and the audit cursor, refusing hex and exponent forms', async () => {
    for (const url of ['/api/v1/flags', '/api/v1/segments', '/api/v1/audit']) {
      for (const limit of ['0', '501', '0x10', '1e2', '2147483648', ' 5']) {
        const response = await t().request({
          method: 'GET',
          url: `${url}?limit=${encodeURIComponent(limit)}`,
        });
        expect(response.statusCode, `${url}?limit=${limit}`).toBe(400);
        expect(response.json().error.issues[0].path).toEqual(['querystring', 'limit']);
      }
      const fine = await t().request({ method: 'GET', url: `${url}?limit=500` });
      expect(fine.statusCode, `${url}?limit=500`).toBe(200);
    }
    for (const cursor of ['0x10', '1e3', '9007199254740992', '0']) {
      const response = await t().request({ method: 'GET', url: `/api/v1/audit?cursor=${cursor}` });
      expect(response.statusCode, `audit?cursor=${cursor}`).toBe(400);
    }
    const largest = await t().request({ method: 'GET', url: '/api/v1/audit?cursor=9007199254740991' });
    expect(largest.statusCode).toBe(200);
  });
});
