/**
 * The audit page without a browser: parsed strictly (it is well-formed XML by design), self-contained
 * (no script, no external reference, a CSP that forbids both), and showing what the report holds — the
 * summary counts, one drift row per entry with both sides, the fix and the level, the remediations with
 * their probes, the picture — with every user-supplied text escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditReport } from '../../../src/report/auditReport.js';
import { DRIFT_CLASS_LABEL, renderAuditHtml } from '../../../src/report/renderAuditHtml.js';
import { HOSTILE_GROUP, HOSTILE_NAME_SHOWN, hostileReport } from '../../fixtures/report/hostileReport.js';
import { sampleReport } from '../../fixtures/report/sampleReports.js';
import type { XmlElement } from './support/parseXml.js';
import { findAll, parseXml, textOf } from './support/parseXml.js';

const byClass = (cls: string) => (e: XmlElement) => (e.attrs['class'] ?? '').split(' ').includes(cls);
const cells = (row: XmlElement) => row.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'td');

describe('renderAuditHtml', () => {
  const report = sampleReport();
  const html = renderAuditHtml(report);
  const doc = parseXml(html);

  it('is one self-contained, script-free document', () => {
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.equal(doc.name, 'html');
    assert.deepEqual(findAll(doc, (e) => ['script', 'link', 'iframe', 'object', 'embed', 'img'].includes(e.name)).map((e) => e.name), []);
    assert.deepEqual(findAll(doc, (e) => 'src' in e.attrs || 'href' in e.attrs).map((e) => e.name), []);
    assert.doesNotMatch(html, /url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const csp = findAll(doc, (e) => e.name === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy')[0];
    assert.match(csp?.attrs['content'] ?? '', /^default-src 'none'; style-src 'unsafe-inline'/);
  });

  it('shows the summary counts', () => {
    const shown = Object.fromEntries(findAll(doc, byClass('card')).map((c) => [textOf(findAll(c, byClass('label'))[0]!), Number(textOf(findAll(c, byClass('value'))[0]!))]));
    const c = report.counts;
    assert.deepEqual(shown, { Subscriptions: c.subscriptions, VNets: c.vnets, Peerings: c.peerings, Pairs: c.pairs, Drifts: c.drifts, 'ARM calls': c.armCalls });
    const chips = findAll(doc, (e) => 'data-drift-class' in e.attrs && e.name === 'span');
    for (const chip of chips) assert.match(textOf(chip), new RegExp(`${report.counts.byClass[chip.attrs['data-drift-class'] as keyof typeof report.counts.byClass]}$`));
    assert.equal(chips.length, 10, 'the sample has every drift class');
  });

  it('has one drift row per entry: class, pair, both sides, what is wrong, fix, remediation level', () => {
    const rows = findAll(doc, (e) => e.name === 'tr' && 'data-drift-class' in e.attrs);
    assert.equal(rows.length, report.drifts.length);
    rows.forEach((row, i) => {
      const entry = report.drifts[i]!;
      assert.equal(row.attrs['data-drift-class'], entry.class);
      assert.equal(row.attrs['data-pair-key'], entry.pairKey);
      const [cls, pair, a, b, what, fix, level] = cells(row).map(textOf);
      assert.equal(cls, DRIFT_CLASS_LABEL[entry.class]);
      const names = entry.vnetIds.map((id) => id.split('/').at(-1));
      assert.ok(pair?.startsWith(`${names[0]} ↔ ${names[1]}`), pair);
      assert.equal(a, entry.sides.a ? `${entry.sides.a.name}${entry.sides.a.peeringState} · ${entry.sides.a.peeringSyncLevel}provisioning ${entry.sides.a.provisioningState}` : 'none');
      assert.equal(b, entry.sides.b ? `${entry.sides.b.name}${entry.sides.b.peeringState} · ${entry.sides.b.peeringSyncLevel}provisioning ${entry.sides.b.provisioningState}` : 'none');
      assert.equal(what, entry.message);
      assert.equal(fix, entry.fix);
      assert.equal(level, { safe: 'safe', all: 'all', prune: 'all + prune', none: 'needs a person' }[entry.remediation]);
    });
  });

  it('lists the remediations with their outcome and probe results', () => {
    const rows = findAll(doc, (e) => e.name === 'tr' && 'data-ticket-id' in e.attrs);
    assert.deepEqual(rows.map((r) => r.attrs['data-ticket-id']), report.remediations.map((r) => r.ticketId));
    const probes = findAll(rows[0]!, (e) => e.name === 'li');
    assert.deepEqual(probes.map((p) => p.attrs['data-reachable']), ['true', 'false']);
    assert.match(textOf(probes[1]!), /✗ unreachable vnet-london ↔ vnet-madrid: vm-madrid → 10\.3\.0\.4/);
    assert.match(textOf(cells(rows[2]!)[2]!), /^failedAuthorizationFailed on vnet-spoke-5/);
  });

  it('embeds the topology picture, one node per VNet and one edge per pair', () => {
    const [svg, ...more] = findAll(doc, (e) => e.name === 'svg');
    assert.ok(svg);
    assert.equal(more.length, 0);
    assert.equal(findAll(svg, (e) => 'data-vnet-id' in e.attrs).length, report.vnets.length);
    assert.equal(findAll(svg, (e) => 'data-pair-key' in e.attrs).length, report.pairs.length);
  });

  it('says so when there is no drift and remediation is off', () => {
    const clean: AuditReport = { ...report, drifts: [], remediations: [], remediation: 'off', counts: { ...report.counts, drifts: 0 } };
    const page = parseXml(renderAuditHtml(clean));
    assert.deepEqual(findAll(page, byClass('empty')).map(textOf), ['No drift: every desired pair is connected and in sync.', 'Remediation is off: drift is reported only.']);
  });

  it('escapes every user-supplied text: it reads as written and never becomes markup', () => {
    const hostile = hostileReport();
    const page = renderAuditHtml(hostile);
    const parsed = parseXml(page);
    assert.deepEqual(findAll(parsed, (e) => ['script', 'img', 'i'].includes(e.name)).map((e) => e.name), []);
    assert.equal(findAll(parsed, (e) => Object.keys(e.attrs).some((a) => a.startsWith('on'))).length, 0);
    const firstRow = findAll(parsed, (e) => e.name === 'tr' && 'data-drift-class' in e.attrs)[0]!;
    const [, pair, , , what, fix] = cells(firstRow).map(textOf);
    assert.ok(pair?.startsWith(`${HOSTILE_NAME_SHOWN} ↔ `), pair);
    assert.ok(pair?.endsWith(`group ${HOSTILE_GROUP}`), pair);
    assert.ok(what?.endsWith(HOSTILE_NAME_SHOWN));
    assert.ok(fix?.endsWith(HOSTILE_GROUP));
    assert.equal(textOf(findAll(parsed, (e) => e.name === 'title')[0]!), `Peering audit ${hostile.auditId}`);
    assert.equal(textOf(findAll(parsed, (e) => e.name === 'code')[0]!), hostile.auditId, 'the audit id reads as written, <b> and all');
    assert.equal(findAll(parsed, (e) => e.name === 'li' && textOf(e).endsWith(HOSTILE_NAME_SHOWN)).length, 2, 'probe summaries');
  });
});
