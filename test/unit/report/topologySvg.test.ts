/**
 * The topology picture without a browser: the SVG parsed with a strict XML parser (well-formed, so every
 * escape held), then checked on its structure — one node per VNet, one edge per pair coloured by status,
 * the legend — and on its geometry at scale (nodes apart, inside their group boxes, boxes apart).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceKey } from '../../../src/domain/resourceId.js';
import type { AuditReport, PairStatus } from '../../../src/report/auditReport.js';
import { PAIR_STATUSES } from '../../../src/report/auditReport.js';
import { topologySvg } from '../../../src/report/topologySvg.js';
import { HOSTILE_GROUP, HOSTILE_NAME_SHOWN, hostileReport } from '../../fixtures/report/hostileReport.js';
import { sampleReport, scaleReport } from '../../fixtures/report/sampleReports.js';
import type { XmlElement } from './support/parseXml.js';
import { findAll, parseXml, textOf } from './support/parseXml.js';

const COLOURS: Record<PairStatus, string> = {
  connected: '#2e7d32',
  initiated: '#e0a800',
  notInSync: '#ef6c00',
  disconnected: '#c62828',
  missing: '#9e9e9e',
};

function svgOf(report: AuditReport): XmlElement {
  return parseXml(topologySvg(report));
}

const withAttr = (name: string) => (e: XmlElement) => name in e.attrs;
const child = (e: XmlElement, name: string) => e.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);

describe('topologySvg', () => {
  const report = sampleReport();
  const svg = svgOf(report);

  it('is a well-formed standalone SVG document with its size and an accessible title', () => {
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attrs['xmlns'], 'http://www.w3.org/2000/svg');
    assert.match(svg.attrs['viewBox'] ?? '', /^0 0 \d+ \d+$/);
    assert.equal(svg.attrs['viewBox'], `0 0 ${svg.attrs['width']} ${svg.attrs['height']}`);
    assert.equal(textOf(child(svg, 'title') as XmlElement), `Peering topology: ${report.vnets.length} VNets, ${report.pairs.length} pairs`);
  });

  it('draws one node per VNet, and one per pair end the audit did not read', () => {
    const nodes = findAll(svg, withAttr('data-vnet-id'));
    assert.equal(nodes.length, report.vnets.length);
    assert.deepEqual(nodes.map((n) => n.attrs['data-vnet-id']).sort(), report.vnets.map((v) => v.id).sort());
    const known = new Set(report.vnets.map((v) => resourceKey(v.id)));
    const unread = [...new Set(report.pairs.flatMap((p) => p.vnetIds).filter((id) => !known.has(resourceKey(id))))];
    assert.equal(unread.length, 2, 'the sample has a deleted remote and a VNet never created');
    assert.deepEqual(findAll(svg, withAttr('data-external-vnet-id')).map((n) => n.attrs['data-external-vnet-id']).sort(), unread.sort());
    for (const node of nodes) assert.ok(child(node, 'circle') && child(node, 'title'), 'a node is a circle with a tooltip');
  });

  it('draws one edge per pair, coloured by its status, missing pairs dashed', () => {
    const edges = findAll(svg, withAttr('data-pair-key'));
    assert.equal(edges.length, report.pairs.length);
    assert.deepEqual(edges.map((e) => e.attrs['data-pair-key']), report.pairs.map((p) => p.pairKey).sort());
    const statusOf = new Map(report.pairs.map((p) => [p.pairKey, p.status]));
    for (const edge of edges) {
      const status = edge.attrs['data-status'] as PairStatus;
      assert.equal(status, statusOf.get(edge.attrs['data-pair-key'] as string));
      const path = child(edge, 'path') as XmlElement;
      assert.equal(path.attrs['stroke'], COLOURS[status], `${status} edge colour`);
      assert.equal('stroke-dasharray' in path.attrs, status === 'missing', `${status} edge dashing`);
    }
    assert.deepEqual(new Set(edges.map((e) => e.attrs['data-status'])), new Set(PAIR_STATUSES), 'the sample shows every status');
  });

  it('has a legend with every status, its colour and its count', () => {
    for (const status of PAIR_STATUSES) {
      const [item] = findAll(svg, (e) => e.attrs['data-legend-status'] === status);
      assert.ok(item, status);
      assert.equal((child(item, 'path') as XmlElement).attrs['stroke'], COLOURS[status]);
      const count = report.pairs.filter((p) => p.status === status).length;
      assert.match(textOf(item), new RegExp(`\\(${count}\\)$`));
    }
  });

  it('groups VNets by subscription and region, and puts a hub in the middle of its group', () => {
    const groups = findAll(svg, (e) => e.attrs['class'] === 'group');
    const texts = (cls: string) => groups.map((g) => textOf(findAll(g, (e) => e.attrs['class'] === cls)[0] as XmlElement));
    assert.deepEqual(texts('group-title'), ['francecentral', 'spaincentral', 'uksouth', 'westeurope', 'northeurope', 'not read by the audit']);
    assert.equal(texts('group-subtitle')[3], 'subscription 22222222-2222-2222-2222-222222222222 · 9 VNets');
    const box = child(groups[3] as XmlElement, 'rect') as XmlElement;
    const hub = findAll(svg, (e) => (e.attrs['data-vnet-id'] ?? '').endsWith('/vnet-hub-weu'))[0] as XmlElement;
    const circle = child(hub, 'circle') as XmlElement;
    assert.equal(Number(circle.attrs['cx']), Number(box.attrs['x']) + Number(box.attrs['width']) / 2);
  });

  it('bows edges between boxes clear of the other VNets, and keeps a lone VNet\'s label above it, out of their way', () => {
    let curves = 0;
    for (const r of [report, scaleReport()]) {
      const doc = svgOf(r);
      const centres = new Map(
        findAll(doc, (e) => e.attrs['class'] === 'node').map((n) => {
          const c = child(n, 'circle') as XmlElement;
          return [n.attrs['data-vnet-id'] ?? n.attrs['data-external-vnet-id'], { x: Number(c.attrs['cx']), y: Number(c.attrs['cy']) }];
        }),
      );
      for (const edge of findAll(doc, withAttr('data-pair-key'))) {
        const d = (child(edge, 'path') as XmlElement).attrs['d'] ?? '';
        const q = /^M(\S+) (\S+) Q(\S+) (\S+) (\S+) (\S+)$/.exec(d)?.slice(1).map(Number);
        if (!q) continue;
        curves += 1;
        const [ax, ay, cx, cy, bx, by] = q as [number, number, number, number, number, number];
        for (const [id, p] of centres) {
          if ((p.x === ax && p.y === ay) || (p.x === bx && p.y === by)) continue;
          for (let t = 0.05; t < 1; t += 0.05) {
            const x = (1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t ** 2 * bx;
            const y = (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t ** 2 * by;
            assert.ok(Math.hypot(p.x - x, p.y - y) >= 30, `edge ${edge.attrs['data-pair-key']} passes ${Math.hypot(p.x - x, p.y - y).toFixed(0)} px from ${id}`);
          }
        }
      }
    }
    assert.ok(curves >= 4, `${curves} edges between boxes`);
    const london = findAll(svg, (e) => (e.attrs['data-vnet-id'] ?? '').endsWith('/vnet-london'))[0] as XmlElement;
    assert.ok(Number((child(london, 'text') as XmlElement).attrs['y']) < Number((child(london, 'circle') as XmlElement).attrs['cy']));
  });

  it('is the same picture for the same report, whatever the order of its lists', () => {
    const shuffled: AuditReport = { ...report, vnets: [...report.vnets].reverse(), pairs: [...report.pairs].reverse() };
    assert.equal(topologySvg(shuffled), topologySvg(report));
    assert.equal(topologySvg(sampleReport()), topologySvg(report));
  });

  it('escapes names and groups: markup in them stays text, in labels, tooltips and attributes', () => {
    const hostile = hostileReport();
    const text = topologySvg(hostile);
    const doc = parseXml(text);
    assert.deepEqual(findAll(doc, (e) => ['script', 'img', 'b', 'i'].includes(e.name)).map((e) => e.name), []);
    assert.equal(findAll(doc, (e) => Object.keys(e.attrs).some((a) => a.startsWith('on'))).length, 0);
    const node = findAll(doc, (e) => e.attrs['data-vnet-id'] === hostile.vnets[0]?.id)[0] as XmlElement;
    const tooltip = textOf(child(node, 'title') as XmlElement);
    assert.ok(tooltip.startsWith(`${HOSTILE_NAME_SHOWN}\n`), tooltip);
    assert.ok(tooltip.includes(`topology groups: ${HOSTILE_GROUP}`));
    assert.ok(textOf(child(node, 'text') as XmlElement).startsWith('vnet"><script>'), 'the label shows the name as text');
    assert.ok(!text.includes('\u0001'), 'characters XML forbids are dropped');
  });

  it('stays legible with ~300 VNets: nodes a label apart, inside their boxes, boxes apart', () => {
    const big = scaleReport();
    const doc = svgOf(big);
    const nodes = findAll(doc, withAttr('data-vnet-id'));
    assert.equal(nodes.length, big.vnets.length);
    assert.ok(big.vnets.length >= 250, `${big.vnets.length} VNets`);
    assert.equal(findAll(doc, withAttr('data-pair-key')).length, big.pairs.length);
    const points = nodes.map((n) => {
      const c = child(n, 'circle') as XmlElement;
      return { x: Number(c.attrs['cx']), y: Number(c.attrs['cy']) };
    });
    let closest = Infinity;
    for (let i = 0; i < points.length; i += 1) {
      for (let j = i + 1; j < points.length; j += 1) closest = Math.min(closest, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
    }
    assert.ok(closest >= 16, `closest nodes ${closest.toFixed(1)} px apart`);
    const boxes = findAll(doc, (e) => e.attrs['class'] === 'group').map((g) => {
      const r = child(g, 'rect') as XmlElement;
      return { x: Number(r.attrs['x']), y: Number(r.attrs['y']), w: Number(r.attrs['width']), h: Number(r.attrs['height']), g };
    });
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, 'group boxes do not overlap');
    }
    for (const p of points) assert.ok(boxes.some((b) => p.x > b.x && p.x < b.x + b.w && p.y > b.y + 40 && p.y < b.y + b.h), `node at ${p.x},${p.y} inside a box`);
  });
});
