/** Formats the harness's results as a plain-text table with per-scenario conclusions. */
import type { CaseResult } from './harness.ts';

const FLAGSTAFF = 'Flagstaff';

function fmtNs(ns: number): string {
  return ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2);
}

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
}

export function formatTable(results: readonly CaseResult[], checks: ReadonlyMap<string, string>): string {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const header = ['scenario', 'implementation', 'ns/eval', 'min–max', 'vs fastest peer', 'check (share on)'];
  const right = [false, false, true, true, true, false];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const scenario of scenarios) {
    const inScenario = results.filter((r) => r.scenario === scenario);
    const peers = inScenario.filter((r) => r.isPeer);
    const fastest = peers.reduce<CaseResult | undefined>(
      (b, r) => (!b || r.median < b.median ? r : b),
      undefined,
    );
    for (const r of inScenario) {
      rows.push([
        scenario,
        r.name,
        fmtNs(r.median),
        `${fmtNs(r.min)}–${fmtNs(r.max)}`,
        fastest ? `${(r.median / fastest.median).toFixed(2)}×` : '',
        checks.get(`${scenario}|${r.name}`) ?? '',
      ]);
    }
    const fs = inScenario.find((r) => !r.isPeer);
    if (fs && fastest) {
      const speedup = fastest.median / fs.median;
      const verdict =
        speedup >= 1 ? `${speedup.toFixed(1)}× faster than` : `${(1 / speedup).toFixed(2)}× slower than`;
      notes.push(
        `${scenario}: ${fs.name} ${verdict} the fastest peer (${fastest.name}, ${fmtNs(fastest.median)} ns)`,
      );
    }
  }
  const fsB = results.find((r) => !r.isPeer && r.scenario.startsWith('(b)'));
  const fsD = results.find((r) => !r.isPeer && r.scenario.startsWith('(d)'));
  if (fsB && fsD) {
    notes.push(
      `${FLAGSTAFF} (b)/(d): ${(fsB.median / fsD.median).toFixed(2)} (a 10% rollout costs that many raw hashes of a 30-char key)`,
    );
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [pad(header, widths, right), rule];
  let previous = '';
  for (const row of rows) {
    if (previous && row[0] !== previous) lines.push('');
    previous = row[0]!;
    lines.push(pad(row, widths, right));
  }
  return [...lines, '', ...notes].join('\n');
}
