/**
 * A plan as plain text, for dry-run output, logs and closing notes: phases with their writes (method,
 * target, summary), waits and probes, then per-pair actions with the expected downtime, then findings.
 */
import type { Downtime, PairPlan, Plan } from './planTypes.js';
import { tryParseVnetId } from './resourceId.js';

function short(vnetId: string): string {
  return tryParseVnetId(vnetId)?.name ?? vnetId;
}

const DOWNTIME: Record<Downtime, string> = {
  none: 'no downtime',
  deleteToCreate: 'down from the delete until both sides are Connected again',
  notConnectedNow: 'not carrying traffic now',
};

/**
 * What a pair's traffic goes through while the plan runs, in words. A removed pair's writes cause no
 * window, but the pair stops carrying traffic for good: that is what a reader must be told.
 */
export function expectedDowntime(pair: Pick<PairPlan, 'action' | 'downtime'>): string {
  return pair.action === 'remove' ? 'down for good: the pair is removed' : DOWNTIME[pair.downtime];
}

/** Renders a plan as lines of text (no trailing newline). */
export function formatPlan(plan: Plan): string {
  const lines = [`Plan for ${short(plan.vnetId)} (strategy ${plan.strategy})${plan.phases.length === 0 ? ': nothing to do' : ''}`];
  if (plan.addressChange && (plan.addressChange.add.length > 0 || plan.addressChange.remove.length > 0)) {
    lines.push(`  address change: add [${plan.addressChange.add.join(', ')}], remove [${plan.addressChange.remove.join(', ')}]`);
  }
  for (const phase of plan.phases) {
    lines.push(`  phase ${phase.index}: ${phase.title}`);
    for (const w of phase.writes) {
      const query = w.request.query ? `?${new URLSearchParams(w.request.query as Record<string, string>).toString()}` : '';
      lines.push(`    ${w.stepId} ${w.request.method} ${w.request.path}${query}`);
      lines.push(`        ${w.summary} — ${w.reason}`);
    }
    for (const wait of phase.waits) lines.push(`    wait ${wait.state}: ${short(wait.vnetIds[0])} ↔ ${short(wait.vnetIds[1])}`);
    for (const probe of phase.probes) {
      const extra = probe.extraDestinationPrefixes.length > 0 ? ` (also into ${probe.extraDestinationPrefixes.join(', ')})` : '';
      lines.push(`    probe ${short(probe.vnetIds[0])} ↔ ${short(probe.vnetIds[1])}${extra}`);
    }
  }
  const acting = plan.pairs.filter((p) => p.action !== 'none');
  if (acting.length > 0) {
    lines.push('  pairs:');
    for (const p of acting) lines.push(`    ${short(p.vnetIds[0])} ↔ ${short(p.vnetIds[1])}: ${p.action}, ${expectedDowntime(p)}${p.managed ? '' : ' (not managed)'}`);
  }
  if (plan.findings.length > 0) {
    lines.push('  findings:');
    for (const f of plan.findings) lines.push(`    [${f.severity}] ${f.code}: ${f.message}`);
  }
  return lines.join('\n');
}
