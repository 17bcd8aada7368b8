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

interface Obstacle {
  readonly x: number;
  readonly y: number;
  /** The node it belongs to (an edge ignores its own ends' obstacles); none for a group title. */
  readonly node: LayoutNode | undefined;
}

/** Points an edge should keep clear of: each node, and the middle of its label. */
function obstacles(nodes: readonly LayoutNode[]): Obstacle[] {
  return nodes.flatMap((node) => {
    const reach = LAYOUT.nodeRadius + LAYOUT.labelGap + ([...node.label].length * LAYOUT.charWidth) / 2;
    const angle = ((node.labelAngle ?? 90) * Math.PI) / 180;
    return [
      { x: node.x, y: node.y, node },
      { x: node.x + Math.cos(angle) * reach, y: node.y + Math.sin(angle) * (node.labelAngle === undefined ? 14 : reach) * (node.labelAbove ? -1 : 1), node },
    ];
  });
}

/** How close a quadratic curve a → c → b comes to any obstacle but its ends' (sampled). */
function clearance(a: LayoutNode, cx: number, cy: number, b: LayoutNode, others: readonly Obstacle[]): number {
  let closest = Infinity;
  for (let i = 1; i < 16; i += 1) {
    const t = i / 16;
    const x = (1 - t) ** 2 * a.x + 2 * (1 - t) * t * cx + t ** 2 * b.x;
    const y = (1 - t) ** 2 * a.y + 2 * (1 - t) * t * cy + t ** 2 * b.y;
    for (const o of others) if (o.node !== a && o.node !== b) closest = Math.min(closest, Math.hypot(o.x - x, o.y - y));
  }
  return closest;
}

/**
 * The path of an edge. Within a box: straight. Between boxes: a curve, so edges along a row of boxes stay
 * apart, bowed up or down (or left or right), a little or more, whichever keeps clearest of other VNets —
 * an edge that grazes a node reads as ending there. Deterministic: candidates in a fixed order, ties to the first.
 */
function edgePath(a: LayoutNode, b: LayoutNode, sameGroup: boolean, others: readonly Obstacle[]): string {
  if (sameGroup) return `M${a.x} ${a.y} L${b.x} ${b.y}`;
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length = Math.hypot(dx, dy) || 1;
  let [nx, ny] = [-dy / length, dx / length];
  if (ny > 0 || (ny === 0 && nx > 0)) [nx, ny] = [-nx, -ny];
  const bend = Math.min(Math.max(length * 0.15, 16), 90);
  const [mx, my] = [(a.x + b.x) / 2, (a.y + b.y) / 2];
  let best = { cx: mx + nx * bend, cy: my + ny * bend, clear: -1 };
  for (const [sign, factor] of [[1, 1], [-1, 1], [1, 2], [-1, 2], [1, 3], [-1, 3]] as const) {
    const cx = mx + sign * nx * bend * factor;
    const cy = my + sign * ny * bend * factor;
    // Past 1,000 VNets the search costs more than it helps: the first candidate.
    const clear = others.length > 2000 ? 0 : Math.min(clearance(a, cx, cy, b, others), 50);
    if (clear > best.clear) best = { cx, cy, clear };
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M${a.x} ${a.y} Q${r(best.cx)} ${r(best.cy)} ${b.x} ${b.y}`;
}

function edges(report: AuditReport, layout: TopologyLayout): string {
  const groupOf = new Map<string, string>();
  for (const g of layout.groups) for (const n of g.nodes) groupOf.set(n.key, g.key);
  const width = report.pairs.length > 200 ? 1.5 : 2.25;
  // Group titles are obstacles too: points along each box's two title lines, owned by no node.
  const titles = layout.groups.flatMap((g) =>
    Array.from({ length: Math.ceil((g.width - 2 * LAYOUT.groupPadding) / 30) }, (_, i) => [
      { x: g.x + LAYOUT.groupPadding + i * 30, y: g.y + 16, node: undefined },
      { x: g.x + LAYOUT.groupPadding + i * 30, y: g.y + 31, node: undefined },
    ]).flat(),
  );
  const all: Obstacle[] = [...obstacles([...layout.nodes.values()]), ...titles];
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
        `<path${attrs({ d: edgePath(a, b, groupOf.get(ka) === groupOf.get(kb), all), stroke: style.colour, 'stroke-width': width, 'stroke-dasharray': style.dash, 'stroke-opacity': pair.desired ? 0.9 : 0.6 })}/></g>`
      );
    })
    .join('');
}

function nodeLabelText(n: LayoutNode): string {
  const gap = LAYOUT.nodeRadius + LAYOUT.labelGap;
  if (n.labelAngle === undefined) {
    return `<text class="node-label"${attrs({ x: n.x, y: n.labelAbove ? n.y - gap - 3 : n.y + gap + 8, 'text-anchor': 'middle' })}>${escapeXml(n.label)}</text>`;
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
