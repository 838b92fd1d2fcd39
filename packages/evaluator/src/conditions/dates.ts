/**
 * Dates in conditions: milliseconds since the epoch (numbers only), or `YYYY-MM-DD` (UTC midnight),
 * or `YYYY-MM-DDTHH:MM[:SS[.f…]](Z|±HH:MM)` with 1 to 9 fraction digits truncated to milliseconds
 * and a real calendar date. Parsed by hand: `Date.parse` accepts (and rolls over) far more.
 */

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d:\d\d))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function parseDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const m = typeof value === 'string' ? ISO.exec(value) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) =>
    Number(x ?? 0),
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 23 || minutes > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const ms = Number(`${m[7] ?? ''}00`.slice(0, 3));
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return at.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}
