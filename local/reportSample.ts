/**
 * `npm run report:sample [-- --scale] [--out FILE]`: writes the audit report page of the sample estate
 * (the London–Madrid lab grown into three subscriptions with every kind of drift; `--scale`: ~270 VNets)
 * and its JSON, to open in a browser. Built by the same pure steps the audit runs (test/fixtures/report).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderAuditHtml } from '../src/report/renderAuditHtml.js';
import { topologySvg } from '../src/report/topologySvg.js';
import { sampleReport, scaleReport } from '../test/fixtures/report/sampleReports.js';

const { values } = parseArgs({ options: { scale: { type: 'boolean', default: false }, out: { type: 'string' } } });
const report = values.scale ? scaleReport() : sampleReport();
const out = resolve(values.out ?? `.local/audit-report-${values.scale ? 'scale' : 'sample'}.html`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderAuditHtml(report));
writeFileSync(out.replace(/\.html$/, '') + '.json', `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(out.replace(/\.html$/, '') + '.svg', `<?xml version="1.0" encoding="UTF-8"?>\n${topologySvg(report)}\n`);
console.log(`${report.counts.vnets} VNets, ${report.counts.pairs} pairs, ${report.counts.drifts} drifts`);
console.log(`wrote ${out} (and .json, .svg beside it)`);
