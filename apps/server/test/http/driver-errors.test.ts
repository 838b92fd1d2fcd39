import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, fromDriverError } from '../../src/errors.ts';

/** drizzle's wrapping: the driver's error is the `cause`. */
function wrapped(cause: object): Error {
  return Object.assign(new Error('Failed query: select 1\nparams: '), { cause });
}

describe('driver errors, mapped in one place', () => {
  it('reads connection failures as DATABASE_UNAVAILABLE, however deep the driver put them', () => {
    for (const cause of [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ]),
      new Error('Connection terminated unexpectedly'),
      new Error('PGlite is closed'),
    ]) {
      const mapped = fromDriverError(wrapped(cause));
      expect(mapped, String(cause)).toBeInstanceOf(DatabaseUnavailableError);
      expect(mapped!.status).toBe(503);
      expect(mapped!.message).not.toMatch(/57P|ECONN|PGlite|terminated/);
    }
  });

  it('turns races on constraints into 409s and leaves everything else a 500', () => {
    expect(fromDriverError(wrapped({ code: '23505', message: 'duplicate key' }))).toMatchObject({
      status: 409,
      code: 'ALREADY_EXISTS',
    });
    expect(fromDriverError(wrapped({ code: '40001', message: 'could not serialize access' }))).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    expect(fromDriverError(wrapped({ code: '42P01', message: 'relation does not exist' }))).toBeUndefined();
    expect(fromDriverError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
