import { escapeControl } from '../text/escape-control';
import type { CycleReport } from './cycle';

/** Renders a cycle as the plain-text table `npm run collect -- --once` prints. */
export function formatCycleTable(report: CycleReport, openFindings: Map<string, number>): string {
  const header = ['TARGET', 'KIND', 'STATUS', 'ENTROPY', 'RNG', 'FINDINGS', 'DETAIL'];
  const rows = report.rows.map((r) => {
    const o = r.observation;
    const entropy = o?.entropyAvail != null ? `${o.entropyAvail}/${o.poolsize ?? '?'}` : '-';
    const rng = o
      ? o.rngCurrent && o.rngCurrent !== 'none'
        ? o.rngCurrent
        : o.rngAvailable?.join(',') || 'none'
      : '-';
    // Every cell may quote a guest (rng_current, stderr): escaped, so a terminal shows it and obeys none of it.
    return [
      r.target,
      r.kind,
      r.status,
      entropy,
      rng,
      String(openFindings.get(r.target) ?? 0),
      oneLine(r.error ?? ''),
    ].map(escapeControl);
  });
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const ok = report.rows.filter((r) => r.status === 'ok').length;
  const f = report.findings;
  return [
    fmt(header),
    ...rows.map(fmt),
    '',
    `cycle ${report.runId}: ${report.rows.length} targets, ${ok} ok, ${report.rows.length - ok} failed in ${Math.round(report.durationMs)} ms; findings opened ${f.opened}, still open ${f.updated}, resolved ${f.resolved}`,
  ].join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').slice(0, 120);
}
