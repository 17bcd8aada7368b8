/**
 * The audit report as one self-contained HTML page: summary counts, the topology picture (inline SVG),
 * the drift table with fixes, and the remediations with their probe results.
 *
 * Self-contained: inline CSS, no scripts, no external resource; its Content-Security-Policy forbids
 * scripts and fetches, a second line of defence behind the escaping of every value (names, groups and
 * messages are user input). The markup is also well-formed XML, so tests check it with a strict parser.
 */
import type { DriftClass, RemediationLevel, SideState } from '../domain/drift.js';
import { DRIFT_CLASSES } from '../domain/drift.js';
import { parseVnetId, resourceKey } from '../domain/resourceId.js';
import type { AuditReport, PairStatus, ReportRemediation } from './auditReport.js';
import { PAIR_STATUSES } from './auditReport.js';
import { escapeXml as esc } from './escapeXml.js';
import { PAIR_STATUS_STYLE } from './pairStatusStyle.js';
import { topologySvg } from './topologySvg.js';

/** Drift classes as a person reads them. */
export const DRIFT_CLASS_LABEL: Readonly<Record<DriftClass, string>> = {
  missingPair: 'Missing pair',
  missingSide: 'Missing side',
  disconnected: 'Disconnected',
  initiatedTooLong: 'Initiated too long',
  notInSync: 'Not in sync',
  optionsDiffer: 'Options differ',
  unexpectedPeering: 'Unexpected peering',
  overlapBlocksPair: 'Overlap blocks pair',
  transitiveNotMet: 'Transitive expectation not met',
  vnetMissing: 'VNet missing',
};

const LEVEL_LABEL: Readonly<Record<RemediationLevel, string>> = {
  safe: 'safe',
  all: 'all',
  prune: 'all + prune',
  none: 'needs a person',
};

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif; color: #1f2933; background: #eef2f6; }
main { max-width: 1340px; margin: 0 auto; padding: 28px 32px 48px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px 24px; }
h1 { margin: 0; font-size: 24px; font-weight: 600; }
h2 { margin: 32px 0 12px; font-size: 17px; font-weight: 600; }
.muted { color: #5f6b7a; }
.meta { margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 13px; color: #3e4c59; }
.meta b { font-weight: 600; color: #1f2933; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin-top: 22px; }
.card { background: #ffffff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 12px 16px; }
.card .value { font-size: 26px; font-weight: 600; }
.card .label { font-size: 12px; color: #5f6b7a; text-transform: uppercase; letter-spacing: 0.04em; }
.card.alert .value { color: #c62828; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 14px; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px; background: #ffffff; border: 1px solid #d9e2ec; font-size: 12px; }
.dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
.panel { background: #ffffff; border: 1px solid #d9e2ec; border-radius: 8px; }
.picture { overflow: auto; padding: 8px; }
.picture svg { display: block; margin: 0 auto; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: #3e4c59; background: #f5f7fa; border-bottom: 1px solid #d9e2ec; padding: 8px 10px; position: sticky; top: 0; }
td { padding: 8px 10px; border-bottom: 1px solid #e4e9ee; vertical-align: top; }
tr:last-child td { border-bottom: none; }
table.drift, table.remediations { table-layout: fixed; }
td { overflow-wrap: anywhere; }
td.pair { font-weight: 600; }
td.pair .muted { font-weight: 400; display: block; font-size: 12px; }
.side { font-size: 12px; }
.side .name { font-weight: 600; display: block; }
.side .state { display: block; }
.side .prov { display: block; color: #7b8794; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 4px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.class { background: #fdecea; color: #8e1b1b; white-space: normal; }
.class.mild { background: #fff4e0; color: #7a4a00; }
.level-safe { background: #e6f4ea; color: #1e5b28; }
.level-all { background: #e8f0fe; color: #1a3f8f; }
.level-prune { background: #f3e8fd; color: #5b2a86; }
.level-none { background: #eceff1; color: #37474f; }
.status-succeeded { background: #e6f4ea; color: #1e5b28; }
.status-failed { background: #fdecea; color: #8e1b1b; }
.status-handedOver, .status-skipped { background: #eceff1; color: #37474f; }
.ok { color: #2e7d32; font-weight: 600; }
.bad { color: #c62828; font-weight: 600; }
.empty { padding: 18px; color: #5f6b7a; }
ul.probes { margin: 0; padding-left: 0; list-style: none; }
footer { margin-top: 36px; font-size: 12px; color: #7b8794; }
code { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 12px; }
`;

const MILD: ReadonlySet<DriftClass> = new Set(['optionsDiffer', 'unexpectedPeering', 'initiatedTooLong']);

function nameOf(report: AuditReport): (id: string) => string {
  const names = new Map(report.vnets.map((v) => [resourceKey(v.id), v.name]));
  return (id) => {
    const known = names.get(resourceKey(id));
    if (known !== undefined) return known;
    try {
      return parseVnetId(id).name;
    } catch {
      return id;
    }
  };
}

function card(label: string, value: number, alert = false): string {
  return `<div class="card${alert ? ' alert' : ''}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
}

function sideCell(side: SideState | undefined): string {
  if (!side) return '<td class="side muted">none</td>';
  return (
    `<td class="side"><span class="name">${esc(side.name)}</span>` +
    `<span class="state">${esc(side.peeringState)} · ${esc(side.peeringSyncLevel)}</span>` +
    `<span class="prov">provisioning ${esc(side.provisioningState)}</span></td>`
  );
}

function summary(report: AuditReport): string {
  const c = report.counts;
  const byStatus = new Map<PairStatus, number>(PAIR_STATUSES.map((s) => [s, 0]));
  for (const pair of report.pairs) byStatus.set(pair.status, (byStatus.get(pair.status) ?? 0) + 1);
  const statusChips = PAIR_STATUSES.map((s) => {
    const style = PAIR_STATUS_STYLE[s];
    return `<span class="chip" data-status="${esc(s)}"><span class="dot" style="background: ${esc(style.colour)}"></span>${esc(style.label)} <b>${esc(byStatus.get(s) ?? 0)}</b></span>`;
  }).join('');
  const classChips = DRIFT_CLASSES.filter((k) => (c.byClass[k] ?? 0) > 0)
    .map((k) => `<span class="chip" data-drift-class="${esc(k)}">${esc(DRIFT_CLASS_LABEL[k])} <b>${esc(c.byClass[k])}</b></span>`)
    .join('');
  return (
    `<section class="cards" aria-label="Summary">` +
    card('Subscriptions', c.subscriptions) +
    card('VNets', c.vnets) +
    card('Peerings', c.peerings) +
    card('Pairs', c.pairs) +
    card('Drifts', c.drifts, c.drifts > 0) +
    card('ARM calls', c.armCalls) +
    `</section>` +
    `<div class="chips" aria-label="Pairs by status">${statusChips}</div>` +
    (classChips ? `<div class="chips" aria-label="Drift by class">${classChips}</div>` : '')
  );
}

function driftTable(report: AuditReport, name: (id: string) => string): string {
  if (report.drifts.length === 0) return '<div class="panel empty">No drift: every desired pair is connected and in sync.</div>';
  const rows = report.drifts.map((d) => {
    const [a, b] = d.vnetIds;
    return (
      `<tr data-pair-key="${esc(d.pairKey)}" data-drift-class="${esc(d.class)}">` +
      `<td><span class="badge class${MILD.has(d.class) ? ' mild' : ''}">${esc(DRIFT_CLASS_LABEL[d.class])}</span></td>` +
      `<td class="pair">${esc(name(a))} ↔ ${esc(name(b))}${d.group === undefined ? '' : `<span class="muted">group ${esc(d.group)}</span>`}</td>` +
      sideCell(d.sides.a) +
      sideCell(d.sides.b) +
      `<td>${esc(d.message)}</td>` +
      `<td>${esc(d.fix)}</td>` +
      `<td><span class="badge level-${esc(d.remediation)}">${esc(LEVEL_LABEL[d.remediation])}</span></td>` +
      `</tr>`
    );
  });
  return (
    `<div class="panel"><table class="drift">` +
    `<colgroup><col style="width: 132px"/><col style="width: 15%"/><col style="width: 14%"/><col style="width: 14%"/><col/><col style="width: 20%"/><col style="width: 144px"/></colgroup>` +
    `<thead><tr><th>Class</th><th>Pair</th><th>Side A</th><th>Side B</th><th>What is wrong</th><th>Fix</th><th>Remediation</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function probeList(r: ReportRemediation, pairName: (key: string) => string): string {
  if (!r.probes || r.probes.length === 0) return '<span class="muted">none recorded</span>';
  const items = r.probes.map(
    (p) => `<li data-pair-key="${esc(p.pairKey)}" data-reachable="${esc(p.reachable)}"><span class="${p.reachable ? 'ok' : 'bad'}">${p.reachable ? '✓ reachable' : '✗ unreachable'}</span> ${esc(pairName(p.pairKey))}: ${esc(p.summary)}</li>`,
  );
  return `<ul class="probes">${items.join('')}</ul>`;
}

function remediationTable(report: AuditReport, name: (id: string) => string): string {
  if (report.remediations.length === 0) {
    const why = report.remediation === 'off' ? 'Remediation is off: drift is reported only.' : 'Nothing needed repair.';
    return `<div class="panel empty">${esc(why)}</div>`;
  }
  const pairs = new Map(report.pairs.map((p) => [p.pairKey, p]));
  const pairName = (key: string) => {
    const pair = pairs.get(key);
    return pair ? `${name(pair.vnetIds[0])} ↔ ${name(pair.vnetIds[1])}` : key;
  };
  const rows = report.remediations.map(
    (r) =>
      `<tr data-ticket-id="${esc(r.ticketId)}">` +
      `<td class="pair">${esc(name(r.vnetId))}<span class="muted">${esc(r.ticketId)}</span></td>` +
      `<td>${r.pairKeys.map((k) => esc(pairName(k))).join('<br/>')}</td>` +
      `<td><span class="badge status-${esc(r.status)}">${esc(r.status)}</span>${r.detail === undefined ? '' : `<div class="muted">${esc(r.detail)}</div>`}</td>` +
      `<td>${probeList(r, pairName)}</td>` +
      `</tr>`,
  );
  return (
    `<div class="panel"><table class="remediations">` +
    `<colgroup><col style="width: 20%"/><col style="width: 22%"/><col style="width: 22%"/><col/></colgroup>` +
    `<thead><tr><th>VNet</th><th>Pairs</th><th>Outcome</th><th>Probes</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

/** The report as a complete HTML document. */
export function renderAuditHtml(report: AuditReport): string {
  const name = nameOf(report);
  const title = `Peering audit ${report.auditId}`;
  const meta = [
    ['Started', report.startedAt],
    ['Finished', report.finishedAt],
    ['Trigger', report.trigger],
    ['Desired state', report.desiredSource === 'topology' ? 'topology file' : 'remembered healthy peerings'],
    ['Remediation', `${report.remediation}${report.prune ? ' + prune' : ''}`],
    ['Subscriptions', report.subscriptions.join(', ') || 'none'],
  ]
    .map(([k, v]) => `<span><b>${esc(k as string)}</b> ${esc(v as string)}</span>`)
    .join('');
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>` +
    `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}"/>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"/>` +
    `<title>${esc(title)}</title><style>${CSS}</style></head>` +
    `<body><main>` +
    `<header><h1>Peering audit</h1><span class="muted">audit <code>${esc(report.auditId)}</code></span></header>` +
    `<div class="meta">${meta}</div>` +
    summary(report) +
    `<h2>Topology</h2><figure class="panel picture" style="margin: 0">${topologySvg(report)}</figure>` +
    `<h2>Drift (${esc(report.drifts.length)})</h2>${driftTable(report, name)}` +
    `<h2>Remediations (${esc(report.remediations.length)})</h2>${remediationTable(report, name)}` +
    `<footer>vnet-peering-keeper · audit report schema version ${esc(report.schemaVersion)}</footer>` +
    `</main></body></html>\n`
  );
}
