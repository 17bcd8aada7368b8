/**
 * The drift of a report as a plain-text table (class, pair, both sides' state, level that repairs it, fix):
 * for logs, the benchmark and closing notes, where the HTML page does not go.
 */
import type { AuditReport } from './auditReport.js';

export function driftTable(report: AuditReport): string {
  const short = (id: string) => id.split('/').at(-1) ?? id;
  const state = (s: { peeringState: string; peeringSyncLevel: string } | undefined) => (s ? `${s.peeringState}/${s.peeringSyncLevel}` : '—');
  const rows = report.drifts.map((d) => [d.class, `${short(d.vnetIds[0])} ↔ ${short(d.vnetIds[1])}`, state(d.sides.a), state(d.sides.b), d.remediation, d.fix]);
  const head = ['class', 'pair', 'side a', 'side b', 'repaired at', 'fix'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
