import type { CleanupReason, CleanupReport, CleanupRun } from '../lifecycle-api.ts';
import { table } from '../output.ts';

const REASON_LABELS: Record<CleanupReason['code'], string> = {
  expired: 'expired',
  expiring_soon: 'expiring soon',
  settled: 'settled',
  not_evaluated: 'not evaluated',
  archived_but_evaluated: 'archived, still evaluated',
};

/** `3 days`, `1 day`, `today`. */
export function age(days: number): string {
  const whole = Math.floor(days);
  if (whole <= 0) return 'today';
  return whole === 1 ? '1 day' : `${whole} days`;
}

/** One block per owner (no owner last), one row per reason. */
export function renderCleanupReport(report: CleanupReport): string {
  const flags = report.owners.reduce((sum, group) => sum + group.flags.length, 0);
  if (flags === 0) return `no stale or expired flags (settled after ${report.staleAfterDays} days)`;
  const groups = report.owners.filter((group) => group.flags.length > 0);
  const rowsOf = groups.map((group) =>
    group.flags.flatMap((flag) =>
      flag.reasons.map((reason, index) => [
        // A blank (not empty: empty is shown as `-`) under the flag for its further reasons.
        index === 0 ? `${flag.key}${flag.archived ? ' (archived)' : ''}` : ' ',
        index === 0 ? flag.type : ' ',
        REASON_LABELS[reason.code] ?? reason.code,
        reason.environment ?? '',
        age(reason.ageDays),
        reason.message,
      ]),
    ),
  );
  // One table for every owner, so that the columns line up from one owner to the next.
  const [header = '', ...lines] = table(
    ['FLAG', 'TYPE', 'REASON', 'ENVIRONMENT', 'AGE', 'DETAIL'],
    rowsOf.flat(),
  ).split('\n');
  let next = 0;
  const blocks = groups.map((group, index) => {
    const rows = lines.slice(next, next + (rowsOf[index]?.length ?? 0));
    next += rows.length;
    const count = group.flags.length === 1 ? '1 flag' : `${group.flags.length} flags`;
    return [`${group.owner ?? '(no owner)'}: ${count}`, ...[header, ...rows].map((line) => `  ${line}`)].join(
      '\n',
    );
  });
  const owners = blocks.length === 1 ? '1 owner' : `${blocks.length} owners`;
  return [
    ...blocks,
    `${flags === 1 ? '1 flag' : `${flags} flags`} to clean up, ${owners} (settled after ${report.staleAfterDays} days).` +
      ' Remove the flag from the code and archive it, or: flagstaff flags extend <key> --until <date> --reason <text>',
  ].join('\n\n');
}

export function renderCleanupRun(run: CleanupRun): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `cleanup ran at ${run.ranAt}: ${count(run.flagged, 'flag')} flagged for ${count(run.owners, 'owner')}, ${run.notified} notified`;
}
