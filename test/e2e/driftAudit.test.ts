/**
 * The drift audit end to end: the app on loopback, a topology file, a world seeded with one pair of each
 * drift class. One stack, audits in sequence (the app's settings changed between them by restarting the
 * host): every class found with its fix; a new tagged VNet joins at the next audit; a side `Initiated` for
 * two hours becomes its own class; the only ARM calls are the paged lists; `safe` repairs pairs but not
 * options and never deletes; `all` puts options back and deletes only with PRUNE; remediation ends with
 * probes in the audit trail. No Event Grid subscription: nothing but the audit touches the drift.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ScenarioInput } from '../../local/arm/scenario/scenarioSchema.js';
import type { AuditReport } from '../../src/report/auditReport.js';
import { driftTable } from '../../src/report/driftTable.js';
import type { AuditOutput } from '../../src/workflows/audit/auditTypes.js';
import type { KeeperStack } from './support/keeperStack.js';
import { FUNCTIONS_KEY, startKeeperStack, stopStackStorage } from './support/keeperStack.js';
import { labIdentities } from '../../local/scenarios/labIdentities.js';

const SUB = '44444444-4444-4444-4444-444444444444';
const id = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${name}`;
const short = (vnetId: string) => vnetId.split('/').at(-1)?.replace(/^vnet-/, '') ?? vnetId;

/** VNet name → [resource group, prefix, tags]. x3 overlaps x1 on purpose. */
const VNETS: Record<string, [string, string, Record<string, string>?]> = {
  hub: ['rg-core', '10.0.0.0/16'],
  s1: ['rg-core', '10.1.0.0/16', { 'peering-group': 'core' }],
  s2: ['rg-core', '10.2.0.0/16', { 'peering-group': 'core' }],
  t1: ['rg-trio', '10.11.0.0/16'],
  t2: ['rg-trio', '10.12.0.0/16'],
  t3: ['rg-trio', '10.13.0.0/16'],
  x1: ['rg-links', '10.21.0.0/16'],
  x2: ['rg-links', '10.22.0.0/16'],
  x3: ['rg-links', '10.21.0.0/16'],
  a1: ['rg-links', '10.31.0.0/16'],
  a2: ['rg-links', '10.32.0.0/16'],
  a3: ['rg-links', '10.33.0.0/16'],
};
const vid = (name: string) => id(VNETS[name]?.[0] ?? 'rg-missing', name);

function scenario(): ScenarioInput {
  const groups = ['rg-core', 'rg-trio', 'rg-links'];
  const peer = (a: string, b: string, extra: Record<string, unknown> = {}) => ({ from: vid(a), to: vid(b), name: `vnet-${a}-to-vnet-${b}`, ...extra });
  return {
    name: 'audit-lab',
    description: 'one pair of each drift class',
    subscriptions: [SUB],
    ...labIdentities([SUB]),
    resourceGroups: groups.map((name) => ({ subscription: SUB, name, location: 'westeurope' })),
    networkSecurityGroups: groups.map((g) => ({ subscription: SUB, resourceGroup: g, name: 'nsg-default' })),
    virtualNetworks: Object.entries(VNETS).map(([name, [rg, prefix, tags]]) => ({
      subscription: SUB,
      resourceGroup: rg,
      name: `vnet-${name}`,
      addressPrefixes: [prefix],
      ...(tags ? { tags } : {}),
      subnets: [{ name: 'default', addressPrefix: prefix.replace('/16', '/24'), networkSecurityGroup: 'nsg-default' }],
    })),
    virtualMachines: ['hub', 's2'].map((name) => ({ subscription: SUB, resourceGroup: 'rg-core', name: `vm-${name}`, osType: 'Linux' as const, nics: [{ vnet: vid(name), subnet: 'default' }] })),
    networkWatchers: [{ subscription: SUB, location: 'westeurope' }],
    peerings: [
      peer('hub', 's1'),
      peer('t1', 't2', { allowForwardedTraffic: true }),
      peer('t2', 't3', { bothWays: false }),
      peer('t1', 't3'),
      peer('x1', 'x2'),
      peer('a1', 'a2'),
      peer('a2', 'a3'),
    ],
  } as ScenarioInput;
}

function topology(): string {
  return [
    'groups:',
    '  - name: core',
    '    connectivity: hub-spoke',
    `    hub: ${vid('hub')}`,
    '    members:',
    '      - tag: peering-group=core',
    `        subscription: ${SUB}`,
    '  - name: trio',
    '    connectivity: mesh',
    '    members:',
    '      - resourceGroup: rg-trio',
    `        subscription: ${SUB}`,
    '  - name: links',
    '    connectivity: pairs',
    '    pairs:',
    `      - [${vid('x1')}, ${vid('x2')}]`,
    `      - [${vid('x1')}, ${vid('x3')}]`,
    `      - [${vid('a1')}, ${vid('a3')}]`,
    `      - [${vid('x1')}, ${id('rg-links', 'ghost')}]`,
  ].join('\n');
}

interface AuditRun {
  readonly auditId: string;
  readonly output: AuditOutput;
  readonly report: AuditReport;
  readonly progress: string;
}

/** The documented schema of the stored report (`src/report/auditReport.schema.json`). */
const validReport = (() => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL('../../../src/report/auditReport.schema.json', import.meta.url), 'utf8')) as object);
})();

/** The drift of a report as `class pairOfShortNames`, sorted. */
const driftOf = (report: AuditReport) => report.drifts.map((d) => `${d.class} ${short(d.vnetIds[0])}-${short(d.vnetIds[1])}`).sort();

describe('drift audit on the emulator', () => {
  let stack: KeeperStack;
  let dir: string;

  async function runAudit(): Promise<AuditRun> {
    const started = await stack.api('POST', '/api/audits');
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const { auditId } = started.body as { auditId: string };
    const done = await stack.until(`audit ${auditId} to finish`, async () => {
      const answer = await stack.api('GET', `/api/audits/${auditId}`);
      const body = answer.body as { runtimeStatus: string; progress: string; summary?: AuditOutput };
      return ['Completed', 'Failed'].includes(body.runtimeStatus) ? body : undefined;
    }, 120_000);
    assert.equal(done.runtimeStatus, 'Completed', JSON.stringify(done));
    const report = await stack.api('GET', `/api/audits/${auditId}/report.json`);
    assert.equal(report.status, 200);
    assert.ok(validReport(report.body), `the stored report follows its schema: ${JSON.stringify(validReport.errors?.slice(0, 5))}`);
    return { auditId, output: done.summary as AuditOutput, report: report.body as AuditReport, progress: done.progress };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keeper-audit-'));
    const file = join(dir, 'topology.yaml');
    writeFileSync(file, topology());
    stack = await startKeeperStack({ scenario: scenario(), subscribe: false, env: { TOPOLOGY_FILE: file, REMEDIATION: 'off', AUDIT_REMEDIATION_WAIT_MS: '90000' } });
    await stack.control.updateSettings({ pageSize: 4 });
    // Drift made in the portal: t3's side of t1–t3 deleted (t1's turns Disconnected), x2 resized (x1–x2 not in sync).
    const portal = stack.portal(SUB);
    await portal.virtualNetworkPeerings.beginDeleteAndWait('rg-trio', 'vnet-t3', 'vnet-t3-to-vnet-t1');
    const x2 = await portal.virtualNetworks.get('rg-links', 'vnet-x2');
    await portal.virtualNetworks.beginCreateOrUpdateAndWait('rg-links', 'vnet-x2', { ...x2, addressSpace: { addressPrefixes: ['10.22.0.0/16', '10.23.0.0/16'] } });
  });
  after(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
    await stopStackStorage();
  });

  it('finds each drift class with both sides and the fix, reading only the paged lists, and stores the report', async () => {
    await stack.control.resetCalls();
    const audit = await runAudit();
    assert.deepEqual(driftOf(audit.report), [
      'disconnected t1-t3',
      'missingPair hub-s2',
      'missingSide t2-t3',
      'notInSync x1-x2',
      'optionsDiffer t1-t2',
      'overlapBlocksPair x1-x3',
      'transitiveNotMet a1-a3',
      'unexpectedPeering a1-a2',
      'unexpectedPeering a2-a3',
      'vnetMissing x1-ghost',
    ]);
    const byPair = new Map(audit.report.drifts.map((d) => [`${short(d.vnetIds[0])}-${short(d.vnetIds[1])}`, d]));
    assert.equal(byPair.get('t1-t3')?.sides.a?.peeringState, 'Disconnected');
    assert.equal(byPair.get('t1-t3')?.sides.b, undefined);
    assert.deepEqual([byPair.get('x1-x2')?.sides.a?.peeringSyncLevel, byPair.get('x1-x2')?.sides.b?.peeringSyncLevel], ['LocalNotInSync', 'RemoteNotInSync']);
    assert.match(byPair.get('t1-t2')?.message ?? '', /allowForwardedTraffic=true/);
    assert.match(byPair.get('a1-a3')?.fix ?? '', /create the a1 ↔ a3 pair|create the vnet-a1 ↔ vnet-a3 pair/);
    assert.equal(audit.report.vnets.length, 12);
    assert.deepEqual(audit.report.vnets.find((v) => v.name === 'vnet-s1')?.groups, ['core']);
    assert.equal(audit.report.pairs.find((p) => p.pairKey === byPair.get('hub-s2')?.pairKey)?.status, 'missing');
    assert.match(audit.progress, /^1\/1 subscriptions read, 10 drifts$/);
    // ARM economy: 12 VNets in pages of 4 = 3 list calls, nothing else.
    const { calls } = await stack.control.calls();
    const arm = calls.filter((c) => c.kind !== 'identity');
    assert.deepEqual([...new Set(arm.map((c) => c.operationId))], ['VirtualNetworks_ListAll']);
    assert.equal(arm.length, 3);
    assert.equal(audit.output.armCalls, 3);
    assert.equal(audit.report.counts.armCalls, 3);
    assert.deepEqual({ vnets: audit.output.vnets, drifts: audit.output.drifts, remediation: audit.output.remediation.vnets }, { vnets: 12, drifts: 10, remediation: 0 });
    const page = await fetch(`${stack.host.baseUrl}/api/audits/${audit.auditId}/report`, { headers: { 'x-functions-key': FUNCTIONS_KEY } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /<svg[\s>]/);
    assert.ok(html.includes('vnet-ghost') && html.includes('vnet-x3'), 'the page names the VNets of the drift');
    assert.equal((await stack.api('GET', '/api/audits/audit-nope/report.json')).status, 404);
    console.log(`drift table of the seeded world:\n${driftTable(audit.report)}`);
  });

  it('takes a new tagged VNet into its group at the next audit, reports a side Initiated for two hours as such, and waits out throttling on a durable timer', async () => {
    const portal = stack.portal(SUB);
    await portal.virtualNetworks.beginCreateOrUpdateAndWait('rg-core', 'vnet-s3', { location: 'westeurope', tags: { 'peering-group': 'core' }, addressSpace: { addressPrefixes: ['10.3.0.0/16'] } });
    await fetch(`${stack.host.baseUrl}/admin/clock/advance?ms=${2 * 3600_000}`, { method: 'POST' });
    // A minute's throttling on the first page: handed back by the activity, waited out by the orchestrator.
    const throttle = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_ListAll' }, action: { type: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 60 }, times: 1 });
    const audit = await runAudit();
    assert.equal((await stack.control.fault(throttle.id)).applied, 1);
    assert.deepEqual(audit.output.unread, []);
    assert.equal(audit.output.armCalls, 5, '13 VNets in pages of 4, plus the throttled first try');
    const found = driftOf(audit.report);
    assert.ok(found.includes('missingPair hub-s3'), found.join('\n'));
    assert.ok(found.includes('initiatedTooLong t2-t3'), found.join('\n'));
    assert.ok(!found.includes('missingSide t2-t3'));
    assert.deepEqual(audit.report.vnets.find((v) => v.name === 'vnet-s3')?.groups, ['core']);
  });

  it('an audit whose only subscription cannot be listed is failed, not an all-clear with no drift', async (t) => {
    const refused = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_ListAll' }, action: { type: 'status', status: 403, code: 'AuthorizationFailed' } });
    t.after(() => stack.control.removeFault(refused.id));
    const audit = await runAudit();
    assert.deepEqual([audit.output.outcome, audit.output.unread.map((s) => s.toLowerCase())], ['failed', [SUB.toLowerCase()]]);
    assert.equal(audit.output.drifts, 0);
  });

  it("'safe' repairs missing, Disconnected, stuck, unsynced and transitive pairs, with probes in the audit trail; options and unexpected peerings stay", async () => {
    await stack.restartHost({ REMEDIATION: 'safe' });
    const safe = await runAudit();
    assert.equal(safe.output.remediation.level, 'safe');
    assert.equal(safe.output.remediation.failed, 0, JSON.stringify(safe.report.remediations, null, 1));
    assert.equal(safe.output.remediation.pending, 0);
    const covered = safe.report.remediations.flatMap((r) => r.pairKeys).length;
    assert.equal(covered, 6, 'hub-s2, hub-s3, t2-t3, t1-t3, x1-x2 and a1-a3: neither options nor unexpected peerings');
    const hubProbe = safe.report.remediations.flatMap((r) => r.probes ?? []).find((p) => p.pairKey.includes('vnet-s2'));
    assert.equal(hubProbe?.reachable, true, JSON.stringify(safe.report.remediations));
    const trail = await stack.history(vid('hub'));
    assert.ok(trail.some((r) => r.action === 'reconcile' && r.trigger.kind === 'audit' && r.probe !== undefined), JSON.stringify(trail.map((r) => [r.action, r.trigger])));

    await stack.restartHost({ REMEDIATION: 'all' });
    const all = await runAudit();
    assert.deepEqual(driftOf(all.report), ['optionsDiffer t1-t2', 'overlapBlocksPair x1-x3', 'unexpectedPeering a1-a2', 'unexpectedPeering a2-a3', 'vnetMissing x1-ghost']);
    assert.equal(all.output.remediation.vnets, 1, 'only the options are repaired: PRUNE is off');
    assert.equal(all.output.remediation.failed, 0, JSON.stringify(all.report.remediations));

    await stack.restartHost({ PRUNE: 'true' });
    const prune = await runAudit();
    assert.deepEqual(driftOf(prune.report), ['overlapBlocksPair x1-x3', 'unexpectedPeering a1-a2', 'unexpectedPeering a2-a3', 'vnetMissing x1-ghost']);
    assert.equal(prune.output.remediation.failed, 0, JSON.stringify(prune.report.remediations));

    await stack.restartHost({ REMEDIATION: 'off', PRUNE: 'false' });
    const last = await runAudit();
    assert.deepEqual(driftOf(last.report), ['overlapBlocksPair x1-x3', 'vnetMissing x1-ghost']);
  });

  it('a broken topology file ends the audit at once, naming the line and the field', async (t) => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, ['groups:', '  - name: core', '    connectivity: star'].join('\n'));
    await stack.restartHost({ TOPOLOGY_FILE: broken });
    t.after(() => stack.restartHost({ TOPOLOGY_FILE: join(dir, 'topology.yaml') }));
    const started = await stack.api('POST', '/api/audits');
    const { auditId } = started.body as { auditId: string };
    const done = await stack.until(`audit ${auditId}`, async () => {
      const body = (await stack.api('GET', `/api/audits/${auditId}`)).body as { runtimeStatus: string; phase: string; summary?: AuditOutput };
      return body.runtimeStatus === 'Completed' ? body : undefined;
    });
    assert.equal(done.phase, 'failed');
    assert.equal(done.summary?.failure?.code, 'InvalidTopologyFile');
    assert.match(done.summary?.failure?.message ?? '', /line 3:19 groups\[0\]\.connectivity: connectivity must be 'mesh', 'hub-spoke'/);
    assert.equal((await stack.api('GET', `/api/audits/${auditId}/report.json`)).status, 404);
  });

  it('the timer (%AUDIT_SCHEDULE%) starts an audit of its own', async () => {
    await stack.restartHost({ AUDIT_SCHEDULE: '0 0 */6 * * *' });
    const fired = await fetch(`${stack.host.baseUrl}/admin/functions/driftAuditTimer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.ok(fired.status < 300, `timer run answered ${fired.status}`);
    const auditId = await stack.until('the timer\'s audit', async () => {
      const list = (await (await fetch(`${stack.host.baseUrl}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=audit-`)).json()) as { instanceId: string }[];
      return list.map((i) => i.instanceId).find((i) => i.endsWith('-timer'));
    });
    const done = await stack.until(`audit ${auditId}`, async () => {
      const body = (await stack.api('GET', `/api/audits/${auditId}`)).body as { runtimeStatus: string; summary?: AuditOutput };
      return body.runtimeStatus === 'Completed' ? body : undefined;
    });
    assert.equal(done.summary?.drifts, 2);
    assert.equal(((await stack.api('GET', `/api/audits/${auditId}/report?format=json`)).body as AuditReport).trigger, 'timer');
  });

  it('a new VNet tagged into the hub-spoke group gets its hub pair at once, through the Event Grid path', async () => {
    await stack.subscribe();
    const portal = stack.portal(SUB);
    await portal.virtualNetworks.beginCreateOrUpdateAndWait('rg-core', 'vnet-s4', { location: 'westeurope', tags: { 'peering-group': 'core' }, addressSpace: { addressPrefixes: ['10.4.0.0/16'] } });
    const s4 = id('rg-core', 's4');
    const pass = await stack.until('the pass of vnet-s4', async () => (await stack.passes(s4)).find((r) => r.trigger.kind === 'eventGrid'));
    assert.equal(pass.outcome, 'succeeded', JSON.stringify(pass.summary));
    const hub = await portal.virtualNetworks.get('rg-core', 'vnet-hub');
    const side = hub.virtualNetworkPeerings?.find((p) => p.remoteVirtualNetwork?.id?.toLowerCase() === s4.toLowerCase());
    assert.deepEqual([side?.name, side?.peeringState], ['vnet-hub-to-vnet-s4', 'Connected']);
  });
});
