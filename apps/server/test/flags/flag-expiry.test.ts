import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';
import { drivers } from '../support/test-database.ts';

const DAY = 86_400_000;

describe.each(drivers())('expired flags (%s)', (driver) => {
  let now = Date.now();
  const t = useTestApp(driver, { clock: () => new Date(now) });

  it('shows an expired flag as expired and still lets it be edited (to kill or clean it up)', async () => {
    const expiresAt = new Date(now + DAY).toISOString();
    const created = await t().request({
      method: 'POST',
      url: '/api/v1/flags',
      payload: { key: 'short_lived', type: 'release', owner: 'team', expiresAt },
    });
    expect(created.statusCode).toBe(201);
    now += 2 * DAY;
    const read = await t().request({ method: 'GET', url: '/api/v1/flags/short_lived' });
    expect(read.json().state).toBe('expired');
    const expired = await t().request({ method: 'GET', url: '/api/v1/flags?state=expired' });
    expect(expired.json().items.map((f: { key: string }) => f.key)).toEqual(['short_lived']);
    const kill = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/short_lived/environments/production',
      headers: { 'if-match': '"1"' },
      payload: { enabled: false },
    });
    expect(kill.statusCode).toBe(200);
    const extend = await t().request({
      method: 'PATCH',
      url: '/api/v1/flags/short_lived',
      headers: { 'if-match': '"2"' },
      payload: { expiresAt: new Date(now - DAY / 2).toISOString() },
    });
    expect(extend.statusCode).toBe(400);
  });
});
