/**
 * The audit page in a real browser: Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`) driven by
 * playwright-core through `executablePath`. The page is served from a loopback HTTP server; the test checks
 * that it renders, that the picture has one node per VNet and one edge per pair with the status colours as
 * the browser computes them, that it loads nothing but itself and runs no script even when names carry
 * markup, and saves screenshots in `test-artifacts/` (gitignored) for a person to look at.
 *
 * Without Chromium the test fails, naming the fix: CI installs it (`.ci/run`). Locally, and only on
 * purpose, `SKIP_BROWSER_TESTS=1` skips it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { AuditReport } from '../../src/report/auditReport.js';
import { renderAuditHtml } from '../../src/report/renderAuditHtml.js';
import { hostileReport } from '../fixtures/report/hostileReport.js';
import { sampleReport, scaleReport } from '../fixtures/report/sampleReports.js';

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const skip = process.env['SKIP_BROWSER_TESTS'] === '1';
const artifacts = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/** The browser globals the in-page checks use (the project compiles without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  readonly viewBox: { readonly baseVal: { readonly width: number; readonly height: number } };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
  getBBox(): { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}
interface PageWindow {
  readonly document: Pick<PageElement, 'querySelector' | 'querySelectorAll'>;
  getComputedStyle(element: PageElement): { readonly stroke: string };
  readonly pwned?: unknown;
}

const pages: Record<string, AuditReport> = { '/sample.html': sampleReport(), '/scale.html': scaleReport(), '/hostile.html': hostileReport() };

/** Serves the rendered pages; every request is logged so the test can tell the page fetched nothing else. */
function servePages(): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const report = pages[req.url ?? ''];
    if (!report) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderAuditHtml(report));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

describe('audit report page in Chromium', { skip: skip ? 'SKIP_BROWSER_TESTS=1' : false }, () => {
  let browser: Browser | undefined;
  let served: Awaited<ReturnType<typeof servePages>>;

  before(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: install Debian's package (apt-get install -y --no-install-recommends chromium, as .ci/run does), ` +
          'point CHROMIUM_PATH at a Chromium binary, or set SKIP_BROWSER_TESTS=1 to skip this test locally',
      );
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath });
    served = await servePages();
    mkdirSync(artifacts, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (served?.server ? served.server.close(resolve) : resolve(undefined)));
  });

  /** Opens a page, failing on any console error, page error or failed request. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1360, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    const response = await page.goto(`${served.base}${path}`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return { page, problems };
  }

  it('renders the sample report: summary, drift table and a picture with one node per VNet and one edge per pair', async () => {
    const report = pages['/sample.html'] as AuditReport;
    const before = served.requests.length;
    const { page, problems } = await open('/sample.html');
    try {
      assert.equal(await page.title(), `Peering audit ${report.auditId}`);
      assert.equal(await page.locator('h1').textContent(), 'Peering audit');
      assert.equal(await page.locator('tr[data-drift-class]').count(), report.drifts.length);

      const svg = page.locator('svg.topology');
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 600 && box.height > 400, `picture laid out at ${JSON.stringify(box)}`);
      assert.equal(await svg.locator('[data-vnet-id]').count(), report.vnets.length);
      assert.equal(await svg.locator('[data-pair-key]').count(), report.pairs.length);

      // What the browser drew: every node's circle has a size and lies inside the picture; edge colours as computed.
      const drawn = await page.evaluate(() => {
        const w = globalThis as unknown as PageWindow;
        const root = w.document.querySelector('svg.topology') as PageElement;
        const view = root.viewBox.baseVal;
        const nodes = [...root.querySelectorAll('[data-vnet-id] circle')].map((c) => c.getBBox());
        const strokes: Record<string, string> = {};
        for (const edge of root.querySelectorAll('[data-pair-key]')) strokes[edge.getAttribute('data-status') as string] = w.getComputedStyle(edge.querySelector('path') as PageElement).stroke;
        return { nodes: nodes.map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })), view: { w: view.width, h: view.height }, strokes };
      });
      for (const n of drawn.nodes) assert.ok(n.w > 0 && n.x >= 0 && n.y >= 0 && n.x + n.w <= drawn.view.w && n.y + n.h <= drawn.view.h, JSON.stringify(n));
      assert.deepEqual(drawn.strokes, {
        connected: 'rgb(46, 125, 50)',
        initiated: 'rgb(224, 168, 0)',
        notInSync: 'rgb(239, 108, 0)',
        disconnected: 'rgb(198, 40, 40)',
        missing: 'rgb(158, 158, 158)',
      });

      await page.screenshot({ path: `${artifacts}audit-report.png`, fullPage: true });
      await svg.screenshot({ path: `${artifacts}audit-report-topology.png` });
      assert.deepEqual(served.requests.slice(before), ['/sample.html'], 'the page loads nothing but itself');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('renders ~270 VNets: every node and edge drawn', async () => {
    const report = pages['/scale.html'] as AuditReport;
    const { page, problems } = await open('/scale.html');
    try {
      const svg = page.locator('svg.topology');
      assert.equal(await svg.locator('[data-vnet-id]').count(), report.vnets.length);
      assert.equal(await svg.locator('[data-pair-key]').count(), report.pairs.length);
      await svg.screenshot({ path: `${artifacts}audit-report-scale-topology.png` });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('runs no script and loads nothing when names carry markup', async () => {
    const before = served.requests.length;
    const { page, problems } = await open('/hostile.html');
    try {
      const seen = await page.evaluate(() => {
        const w = globalThis as unknown as PageWindow;
        return {
          pwned: w.pwned ?? null,
          scripts: w.document.querySelectorAll('script').length,
          images: w.document.querySelectorAll('img').length,
          firstNode: w.document.querySelector('[data-vnet-id] text')?.textContent ?? '',
        };
      });
      assert.deepEqual({ ...seen, firstNode: seen.firstNode.slice(0, 14) }, { pwned: null, scripts: 0, images: 0, firstNode: 'vnet"><script>' });
      assert.deepEqual(served.requests.slice(before), ['/hostile.html']);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
