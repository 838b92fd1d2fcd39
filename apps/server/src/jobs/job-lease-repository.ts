import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { jobLeases } from '../db/schema.ts';

/**
 * Takes or renews the lease on job `name` for `holder` until `now + ttlMs`: won when the lease is free,
 * expired, or already this holder's. One statement, so two replicas asking at once get one answer each.
 */
export async function tryLease(
  db: Db,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs);
  const result = await db.execute(sql`
    insert into ${jobLeases} (name, holder, lease_until, last_run_at)
    values (${name}, ${holder}, ${until.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    on conflict (name) do update set
      holder = excluded.holder, lease_until = excluded.lease_until, last_run_at = excluded.last_run_at
    where ${jobLeases.leaseUntil} <= ${now.toISOString()}::timestamptz or ${jobLeases.holder} = excluded.holder
    returning name`);
  return (result as unknown as { rows: unknown[] }).rows.length === 1;
}

/** Gives the lease up (a clean shutdown), so another replica takes over at its next tick. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.execute(
    sql`update ${jobLeases} set lease_until = '-infinity' where name = ${name} and holder = ${holder}`,
  );
}
