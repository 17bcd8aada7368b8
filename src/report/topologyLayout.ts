/**
 * Deterministic layout of the topology picture: VNets grouped by subscription and region, each group a
 * box holding its VNets on a circle (a hub, when the group has one, in the middle), the boxes packed in
 * rows. No randomness and no iteration to a fixed point: the same report always gives the same picture,
 * and a few hundred VNets lay out in linear time.
 *
 * Legibility at scale comes from the circle's size: it grows with its VNet count so neighbours stay a
 * label's height apart, and labels run radially outwards, so they never cross each other.
 */
import { parseVnetId, resourceKey } from '../domain/resourceId.js';
import type { AuditReport, ReportVnet } from './auditReport.js';

/** Sizes in SVG user units (px). */
export const LAYOUT = {
  nodeRadius: 6,
  /** Labels longer than this are cut with an ellipsis (the full name is in the node's tooltip). */
  labelChars: 28,
  /** Average advance of a label character at the label font size (11px sans). */
  charWidth: 6.6,
  labelGap: 5,
  /** Arc length between neighbours on a circle: a label's height plus air. */
  arcSpacing: 17,
  minRadius: 42,
  hubMinRadius: 110,
  groupPadding: 16,
  groupHeader: 42,
  groupGap: 24,
  margin: 20,
  rowWidth: 1200,
  minGroupWidth: 300,
} as const;

export interface LayoutNode {
  /** The VNet id as the report spells it. */
  readonly id: string;
  readonly key: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  /** Direction of the label from the node, in degrees (0 = right, 90 = down); `undefined`: centred, below or above. */
  readonly labelAngle?: number;
  /** A VNet alone in its box has its label above it: edges to other boxes leave it downwards, clear of the label. */
  readonly labelAbove?: boolean;
  /** The VNet as reported; `undefined` for a pair end the audit did not read (deleted, or out of scope). */
  readonly vnet?: ReportVnet;
}

export interface LayoutGroup {
  readonly key: string;
  readonly title: string;
  readonly subtitle: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
}

export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly LayoutGroup[];
  /** Node by lower-cased VNet id. */
  readonly nodes: ReadonlyMap<string, LayoutNode>;
}

interface Member {
  readonly id: string;
  readonly key: string;
  readonly label: string;
  readonly vnet?: ReportVnet;
}

interface GroupPlan {
  readonly key: string;
  readonly title: string;
  readonly subtitle: string;
  readonly members: Member[];
}

const EXTERNAL_GROUP = '~external';

/** A label cut to `LAYOUT.labelChars` characters. */
export function nodeLabel(name: string): string {
  const chars = [...name];
  return chars.length <= LAYOUT.labelChars ? name : `${chars.slice(0, LAYOUT.labelChars - 1).join('')}…`;
}

function nameFromId(id: string): string {
  try {
    return parseVnetId(id).name;
  } catch {
    return id;
  }
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Groups: one per subscription and region, sorted; pair ends the audit did not read go in a last group. */
function planGroups(report: AuditReport): GroupPlan[] {
  const groups = new Map<string, GroupPlan>();
  const known = new Set<string>();
  for (const vnet of report.vnets) {
    const key = `${vnet.subscriptionId.toLowerCase()}|${vnet.location.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, title: vnet.location, subtitle: `subscription ${vnet.subscriptionId}`, members: [] };
      groups.set(key, group);
    }
    known.add(resourceKey(vnet.id));
    group.members.push({ id: vnet.id, key: resourceKey(vnet.id), label: nodeLabel(vnet.name), vnet });
  }
  const external: Member[] = [];
  for (const pair of report.pairs) {
    for (const id of pair.vnetIds) {
      const key = resourceKey(id);
      if (known.has(key)) continue;
      known.add(key);
      external.push({ id, key, label: nodeLabel(nameFromId(id)) });
    }
  }
  const sorted = [...groups.values()].sort((a, b) => compare(a.key, b.key));
  if (external.length > 0) sorted.push({ key: EXTERNAL_GROUP, title: 'not read by the audit', subtitle: 'deleted, or outside the audited subscriptions', members: external });
  for (const group of sorted) group.members.sort((a, b) => compare(a.label.toLowerCase(), b.label.toLowerCase()) || compare(a.key, b.key));
  return sorted;
}

/** The member peered with far more of its group than any other (a hub-spoke hub), if there is one. */
function findHub(members: readonly Member[], degree: ReadonlyMap<string, number>): Member | undefined {
  if (members.length < 4) return undefined;
  const ranked = [...members].sort((a, b) => (degree.get(b.key) ?? 0) - (degree.get(a.key) ?? 0));
  const top = degree.get(ranked[0]!.key) ?? 0;
  const second = degree.get(ranked[1]!.key) ?? 0;
  return top >= 3 && top > 2 * second ? ranked[0] : undefined;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Node positions relative to the group's content centre, and the content's half-size. */
type Placed = Member & { dx: number; dy: number; labelAngle?: number; labelAbove?: boolean };

function placeMembers(members: readonly Member[], hub: Member | undefined): { nodes: Placed[]; half: number } {
  const longest = Math.max(...members.map((m) => [...m.label].length));
  const labelExtent = LAYOUT.nodeRadius + LAYOUT.labelGap + longest * LAYOUT.charWidth;
  if (members.length === 1) {
    const only = members[0]!;
    return { nodes: [{ ...only, dx: 0, dy: 0, labelAbove: true }], half: Math.max(labelExtent / 2, 30) };
  }
  const ring = hub ? members.filter((m) => m !== hub) : [...members];
  // A mesh's chords need room as it grows, more than its labels do.
  const floor = hub ? LAYOUT.hubMinRadius : Math.min(LAYOUT.hubMinRadius, LAYOUT.minRadius + 6 * ring.length);
  const radius = Math.max(floor, (ring.length * LAYOUT.arcSpacing) / (2 * Math.PI));
  const nodes: Placed[] = ring.map((m, i) => {
    // Start on the left, so two VNets sit side by side with horizontal labels.
    const angle = Math.PI + (2 * Math.PI * i) / ring.length;
    return { ...m, dx: round(radius * Math.cos(angle)), dy: round(radius * Math.sin(angle)), labelAngle: round((angle * 180) / Math.PI) % 360 };
  });
  if (hub) nodes.unshift({ ...hub, dx: 0, dy: 0 });
  return { nodes, half: radius + labelExtent };
}

/** Lays out the report's VNets and the pair ends it did not read. */
export function layoutTopology(report: AuditReport, top = 0): TopologyLayout {
  const plans = planGroups(report);
  const groupOf = new Map<string, string>();
  for (const plan of plans) for (const m of plan.members) groupOf.set(m.key, plan.key);
  const degree = new Map<string, number>();
  for (const pair of report.pairs) {
    const [a, b] = pair.vnetIds.map(resourceKey) as [string, string];
    if (groupOf.get(a) !== groupOf.get(b)) continue;
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }

  const cells = plans.map((plan) => {
    const placed = placeMembers(plan.members, findHub(plan.members, degree));
    const titleWidth = Math.max(plan.title.length * 8, (plan.subtitle.length + 10) * 5.7) + 2 * LAYOUT.groupPadding;
    const width = Math.ceil(Math.max(LAYOUT.minGroupWidth, titleWidth, 2 * placed.half + 2 * LAYOUT.groupPadding));
    const height = Math.ceil(LAYOUT.groupHeader + 2 * placed.half + 2 * LAYOUT.groupPadding);
    return { plan, placed, width, height };
  });

  // Shelf packing: left to right, a new row when the next box would pass the row width. Boxes of a row
  // share its height, their VNets centred in them.
  const rowWidth = Math.max(LAYOUT.rowWidth, ...cells.map((c) => c.width));
  const rows: (typeof cells)[] = [];
  let used = 0;
  for (const cell of cells) {
    const row = rows.at(-1);
    if (row && used + LAYOUT.groupGap + cell.width <= rowWidth) {
      row.push(cell);
      used += LAYOUT.groupGap + cell.width;
    } else {
      rows.push([cell]);
      used = cell.width;
    }
  }
  const groups: LayoutGroup[] = [];
  const nodes = new Map<string, LayoutNode>();
  let y = top + LAYOUT.margin;
  let widest = 0;
  for (const row of rows) {
    const rowHeight = Math.max(...row.map((c) => c.height));
    let x = LAYOUT.margin;
    for (const cell of row) {
      const cx = x + cell.width / 2;
      const cy = y + LAYOUT.groupHeader + (rowHeight - LAYOUT.groupHeader) / 2;
      const groupNodes = cell.placed.nodes.map((n) => {
        const node: LayoutNode = {
          id: n.id,
          key: n.key,
          label: n.label,
          x: round(cx + n.dx),
          y: round(cy + n.dy),
          ...(n.labelAngle === undefined ? {} : { labelAngle: n.labelAngle }),
          ...(n.labelAbove ? { labelAbove: true } : {}),
          ...(n.vnet ? { vnet: n.vnet } : {}),
        };
        nodes.set(n.key, node);
        return node;
      });
      groups.push({ key: cell.plan.key, title: cell.plan.title, subtitle: cell.plan.subtitle, x, y, width: cell.width, height: rowHeight, nodes: groupNodes });
      x += cell.width + LAYOUT.groupGap;
    }
    widest = Math.max(widest, x - LAYOUT.groupGap);
    y += rowHeight + LAYOUT.groupGap;
  }
  const width = Math.ceil(Math.max(widest + LAYOUT.margin, 2 * LAYOUT.margin + LAYOUT.minGroupWidth));
  const height = Math.ceil(y - LAYOUT.groupGap + LAYOUT.margin);
  return { width, height, groups, nodes };
}
