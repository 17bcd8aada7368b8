/**
 * The topology picture of an audit report as a standalone SVG document (also inlined in the HTML page):
 * VNets as nodes in boxes per subscription and region, pairs as edges coloured by status, a legend.
 *
 * Marked for tests and tools: `data-vnet-id` on each VNet node (`data-external-vnet-id` on a pair end the
 * audit did not read), `data-pair-key` and `data-status` on each edge. Every text is escaped; colours are
 * attributes, so the picture needs no stylesheet to be right.
 */
import { resourceKey } from '../domain/resourceId.js';
import type { AuditReport, PairStatus, ReportPair } from './auditReport.js';
import { PAIR_STATUSES } from './auditReport.js';
import { escapeXml } from './escapeXml.js';
import { PAIR_STATUS_STYLE } from './pairStatusStyle.js';
import type { LayoutNode, TopologyLayout } from './topologyLayout.js';
import { LAYOUT, layoutTopology } from './topologyLayout.js';

const LEGEND_HEIGHT = 44;
const FONT = "'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif";

const STYLE = [
  '.topology text { font-family: ' + FONT + '; fill: #1f2933; }',
  '.topology .group-box { fill: #f7f9fb; stroke: #d5dde5; }',
  '.topology .group-title { font-size: 13px; font-weight: 600; }',
  '.topology .group-subtitle { font-size: 10px; fill: #5f6b7a; }',
  '.topology .node-label { font-size: 11px; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }',
  '.topology .legend-label { font-size: 12px; }',
  '.topology .edge path { fill: none; stroke-linecap: round; }',
].join('\n');

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v as string | number)}"`)
    .join('');
}

/** The legend, laid out from the left margin, and where it ends. */
function legend(report: AuditReport): { markup: string; right: number } {
  const counts = new Map<PairStatus, number>(PAIR_STATUSES.map((s) => [s, 0]));
  for (const pair of report.pairs) counts.set(pair.status, (counts.get(pair.status) ?? 0) + 1);
  const y = LAYOUT.margin + 12;
  const parts: string[] = [];
  let x = LAYOUT.margin;
  for (const status of PAIR_STATUSES) {
    const style = PAIR_STATUS_STYLE[status];
    parts.push(
      `<g class="legend-item"${attrs({ 'data-legend-status': status })}>` +
        `<path${attrs({ d: `M${x} ${y} H${x + 28}`, stroke: style.colour, 'stroke-width': 3, 'stroke-dasharray': style.dash })}/>` +
        `<text class="legend-label"${attrs({ x: x + 36, y, 'dominant-baseline': 'central' })}>${escapeXml(`${style.label} (${counts.get(status) ?? 0})`)}</text></g>`,
    );
    x += 36 + (style.label.length + 6) * 7.2 + 18;
  }
  parts.push(
    `<circle${attrs({ cx: x + 6, cy: y, r: LAYOUT.nodeRadius, class: 'legend-node', fill: '#1f5f99', stroke: '#ffffff', 'stroke-width': 1.5 })}/>` +
      `<text class="legend-label"${attrs({ x: x + 18, y, 'dominant-baseline': 'central' })}>VNet</text>`,
  );
  x += 70;
  parts.push(
    `<circle${attrs({ cx: x + 6, cy: y, r: LAYOUT.nodeRadius, class: 'legend-node', fill: '#ffffff', stroke: '#7b8794', 'stroke-width': 1.5, 'stroke-dasharray': '2 2' })}/>` +
      `<text class="legend-label"${attrs({ x: x + 18, y, 'dominant-baseline': 'central' })}>not read by the audit</text>`,
  );
  return { markup: `<g class="legend">${parts.join('')}</g>`, right: x + 18 + 21 * 7.2 };
}

function groupBoxes(layout: TopologyLayout): string {
  return layout.groups
    .map(
      (g) =>
        `<g class="group"${attrs({ 'data-group': g.key })}>` +
        `<rect class="group-box"${attrs({ x: g.x, y: g.y, width: g.width, height: g.height, rx: 8 })}/>` +
        `<text class="group-title"${attrs({ x: g.x + LAYOUT.groupPadding, y: g.y + 20 })}>${escapeXml(g.title)}</text>` +
        `<text class="group-subtitle"${attrs({ x: g.x + LAYOUT.groupPadding, y: g.y + 34 })}>${escapeXml(`${g.subtitle} · ${g.nodes.length} VNet${g.nodes.length === 1 ? '' : 's'}`)}</text></g>`,
    )
    .join('');
}

function sideText(label: string, side: ReportPair['sides']['a']): string {
  return side ? `${label}: ${side.name} (${side.peeringState}, ${side.peeringSyncLevel}, ${side.provisioningState})` : `${label}: none`;
}

function edgePath(a: LayoutNode, b: LayoutNode, sameGroup: boolean): string {
  if (sameGroup) return `M${a.x} ${a.y} L${b.x} ${b.y}`;
  // Between boxes: a gentle curve, so long parallel edges stay apart.
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const cx = Math.round(((a.x + b.x) / 2 - dy * 0.12) * 10) / 10;
  const cy = Math.round(((a.y + b.y) / 2 + dx * 0.12) * 10) / 10;
  return `M${a.x} ${a.y} Q${cx} ${cy} ${b.x} ${b.y}`;
}

function edges(report: AuditReport, layout: TopologyLayout): string {
  const groupOf = new Map<string, string>();
  for (const g of layout.groups) for (const n of g.nodes) groupOf.set(n.key, g.key);
  const width = report.pairs.length > 200 ? 1.5 : 2.25;
  // In pair-key order whatever the report's order, so the same pairs always give the same picture.
  return [...report.pairs]
    .sort((x, y) => (x.pairKey < y.pairKey ? -1 : x.pairKey > y.pairKey ? 1 : 0))
    .map((pair) => {
      const [ka, kb] = pair.vnetIds.map(resourceKey) as [string, string];
      const a = layout.nodes.get(ka) as LayoutNode;
      const b = layout.nodes.get(kb) as LayoutNode;
      const style = PAIR_STATUS_STYLE[pair.status];
      const title = [
        `${a.label} ↔ ${b.label}: ${style.label}${pair.desired ? '' : ' (not desired)'}`,
        sideText(a.label, pair.sides.a),
        sideText(b.label, pair.sides.b),
      ].join('\n');
      return (
        `<g class="edge"${attrs({ 'data-pair-key': pair.pairKey, 'data-status': pair.status, 'data-desired': String(pair.desired) })}>` +
        `<title>${escapeXml(title)}</title>` +
        `<path${attrs({ d: edgePath(a, b, groupOf.get(ka) === groupOf.get(kb)), stroke: style.colour, 'stroke-width': width, 'stroke-dasharray': style.dash, 'stroke-opacity': pair.desired ? 0.9 : 0.6 })}/></g>`
      );
    })
    .join('');
}

function nodeLabelText(n: LayoutNode): string {
  const gap = LAYOUT.nodeRadius + LAYOUT.labelGap;
  if (n.labelAngle === undefined) {
    return `<text class="node-label"${attrs({ x: n.x, y: n.y + gap + 8, 'text-anchor': 'middle' })}>${escapeXml(n.label)}</text>`;
  }
  const rightward = Math.cos((n.labelAngle * Math.PI) / 180) >= -1e-9;
  const rotate = rightward ? n.labelAngle : n.labelAngle - 180;
  const x = rightward ? n.x + gap : n.x - gap;
  return `<text class="node-label"${attrs({ x, y: n.y, 'dominant-baseline': 'central', 'text-anchor': rightward ? 'start' : 'end', transform: rotate === 0 ? undefined : `rotate(${rotate} ${n.x} ${n.y})` })}>${escapeXml(n.label)}</text>`;
}

function nodes(layout: TopologyLayout): string {
  return layout.groups
    .flatMap((g) => g.nodes)
    .map((n) => {
      const v = n.vnet;
      const title = v
        ? [v.name, v.id, `address space: ${v.addressPrefixes.join(', ') || 'none'}`, `resource group: ${v.resourceGroup}`, ...(v.groups.length > 0 ? [`topology groups: ${v.groups.join(', ')}`] : [])].join('\n')
        : `${n.label}\n${n.id}\nnot read by the audit (deleted, or outside the audited subscriptions)`;
      const marker = v ? { 'data-vnet-id': n.id } : { 'data-external-vnet-id': n.id };
      const circle = v
        ? attrs({ cx: n.x, cy: n.y, r: LAYOUT.nodeRadius, fill: '#1f5f99', stroke: '#ffffff', 'stroke-width': 1.5 })
        : attrs({ cx: n.x, cy: n.y, r: LAYOUT.nodeRadius, fill: '#ffffff', stroke: '#7b8794', 'stroke-width': 1.5, 'stroke-dasharray': '2 2' });
      return `<g class="node"${attrs(marker)}><title>${escapeXml(title)}</title><circle${circle}/>${nodeLabelText(n)}</g>`;
    })
    .join('');
}

/** The report's topology as an SVG document (no XML declaration: it inlines into HTML as is). */
export function topologySvg(report: AuditReport): string {
  const layout = layoutTopology(report, LEGEND_HEIGHT);
  const key = legend(report);
  const width = Math.ceil(Math.max(layout.width, key.right + LAYOUT.margin));
  const height = layout.height;
  const summary = `Peering topology: ${report.vnets.length} VNets, ${report.pairs.length} pairs`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ class: 'topology', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'topology-title' })}>` +
    `<title id="topology-title">${escapeXml(summary)}</title>` +
    `<style>${STYLE}</style>` +
    `<rect${attrs({ width, height, fill: '#ffffff' })}/>` +
    key.markup +
    `<path${attrs({ class: 'legend-rule', d: `M${LAYOUT.margin} ${LEGEND_HEIGHT} H${width - LAYOUT.margin}`, stroke: '#e4e9ee' })}/>` +
    `<g class="groups">${groupBoxes(layout)}</g>` +
    `<g class="edges">${edges(report, layout)}</g>` +
    `<g class="nodes">${nodes(layout)}</g>` +
    `</svg>`
  );
}
