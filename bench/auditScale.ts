/**
 * Benchmark (not a test): the drift audit at estate scale. The ARM emulator (a child process) holds 5,000
 * VNets in 4 subscriptions with ≈20,000 peerings, built as realistic groups — 25 hub-spoke groups of 100
 * spokes (hubs meshed with each other) and meshes of 7 — plus seeded drift of several classes. The audit's
 * own activities run here, as the app runs them: each subscription listed page by page into blob storage
 * (Azurite), then the classification over the blobs with the topology file. Prints the ARM calls by
 * operation (must be only `VirtualNetworks_ListAll` pages), CPU and wall time of listing and of the
 * assessment (inventory, topology expansion, drift classification, report, remediation targets), the
 * report's size, the peak RSS of this process (the app's side only), and the drift table.
 *
 * Run: npm run bench:audit   (BENCH_VNETS=1000 for a smaller estate)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appIdentityEnv } from '../local/arm/appIdentityEnv.js';
import type { ScenarioInput } from '../local/arm/scenario/scenarioSchema.js';
import { spawnArmEmulator } from '../local/arm/spawn.js';
import { startAzurite } from '../local/azurite.js';

const TOTAL = Number(process.env.BENCH_VNETS ?? 5000);
const SUBS = ['a1111111-1111-1111-1111-111111111111', 'a2222222-2222-2222-2222-222222222222', 'a3333333-3333-3333-3333-333333333333', 'a4444444-4444-4444-4444-444444444444'];
const APP = '00000000-0000-0000-0000-0000000000a1';
const HUBS = Math.max(1, Math.round((25 * TOTAL) / 5000));
const SPOKES = 100;
const MESH = 7;

interface Planned {
  name: string;
  sub: string;
  rg: string;
  prefix: string;
  tags: Record<string, string>;
}

const idOf = (v: Planned) => `/subscriptions/${v.sub}/resourceGroups/${v.rg}/providers/Microsoft.Network/virtualNetworks/${v.name}`;
const prefixOf = (i: number) => `10.${Math.floor(i / 256) + 1}.${i % 256}.0/24`;

/** The estate: VNets, the peerings that exist (with seeded drift) and the topology file. */
function estate() {
  const vnets: Planned[] = [];
  const peerings: { from: Planned; to: Planned; bothWays?: boolean; allowForwardedTraffic?: boolean }[] = [];
  const add = (name: string, sub: string, rg: string, tags: Record<string, string>) => {
    const v = { name, sub, rg, prefix: prefixOf(vnets.length), tags };
    vnets.push(v);
    return v;
  };
  const hubs: Planned[] = [];
  for (let h = 0; h < HUBS; h++) {
    const sub = SUBS[h % SUBS.length] as string;
    const hub = add(`hub-${h}`, sub, 'rg-hubs', { 'peering-group': `hs-${h}`, 'hub-mesh': 'yes' });
    hubs.push(hub);
    for (let s = 0; s < SPOKES && vnets.length < TOTAL; s++) {
      const spoke = add(`hs-${h}-spoke-${s}`, SUBS[(h + s) % SUBS.length] as string, `rg-spokes-${h}`, { 'peering-group': `hs-${h}` });
      // Seeded: hs-0's spoke 3 has forwarded traffic on (options differ); hs-2's spoke 5 was never peered (missing pair).
      if (h === 2 && s === 5) continue;
      peerings.push({ from: hub, to: spoke, ...(h === 0 && s === 3 ? { allowForwardedTraffic: true } : {}) });
    }
  }
  for (let a = 0; a < hubs.length; a++) for (let b = a + 1; b < hubs.length; b++) peerings.push({ from: hubs[a] as Planned, to: hubs[b] as Planned });
  const meshes: Planned[][] = [];
  for (let m = 0; vnets.length < TOTAL; m++) {
    const members: Planned[] = [];
    for (let i = 0; i < MESH && vnets.length < TOTAL; i++) members.push(add(`mesh-${m}-${i}`, SUBS[m % SUBS.length] as string, `rg-mesh-${m % 20}`, { 'peering-group': `mesh-${m}` }));
    meshes.push(members);
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        // Seeded: mesh-0 lacks 0–2 (transitive expectation not met), mesh-1 has only one side of 0–1 (missing side).
        if (m === 0 && a === 0 && b === 2) continue;
        peerings.push({ from: members[a] as Planned, to: members[b] as Planned, ...(m === 1 && a === 0 && b === 1 ? { bothWays: false } : {}) });
      }
    }
  }
  // Seeded: a peering between two meshes that the topology does not ask for.
  peerings.push({ from: meshes[2]?.[0] as Planned, to: meshes[3]?.[0] as Planned });
  const topology = [
    'groups:',
    '  - name: hubs',
    '    connectivity: mesh',
    '    members: [{ tag: hub-mesh=yes }]',
    ...hubs.flatMap((hub, h) => [`  - name: hs-${h}`, '    connectivity: hub-spoke', `    hub: ${idOf(hub)}`, `    members: [{ tag: peering-group=hs-${h} }]`]),
    ...meshes.flatMap((_, m) => [`  - name: mesh-${m}`, '    connectivity: mesh', `    members: [{ tag: peering-group=mesh-${m} }]`]),
  ].join('\n');
  return { vnets, peerings, topology, hubs, meshes };
}

function scenario(world: ReturnType<typeof estate>): ScenarioInput {
  const groups = new Map(world.vnets.map((v) => [`${v.sub}/${v.rg}`, { subscription: v.sub, name: v.rg, location: 'westeurope' }]));
  return {
    name: 'audit-scale',
    description: `${world.vnets.length} VNets for the audit benchmark`,
    subscriptions: SUBS,
    principals: [{ id: APP, name: 'keeper', kind: 'ManagedIdentity', role: 'app' }],
    roleAssignments: SUBS.map((s) => ({ principal: 'app', role: 'Network Contributor', scope: `/subscriptions/${s}` })),
    resourceGroups: [...groups.values()],
    virtualNetworks: world.vnets.map((v) => ({ subscription: v.sub, resourceGroup: v.rg, name: v.name, addressPrefixes: [v.prefix], tags: v.tags })),
    peerings: world.peerings.map((p) => ({
      from: idOf(p.from),
      to: idOf(p.to),
      name: `${p.from.name}-to-${p.to.name}`,
      ...(p.bothWays === false ? { bothWays: false } : {}),
      ...(p.allowForwardedTraffic ? { allowForwardedTraffic: true } : {}),
    })),
  } as unknown as ScenarioInput;
}

function cpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpuMs: number; wallMs: number }>;
async function cpu<T>(fn: () => Promise<T>) {
  const start = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const used = process.cpuUsage(start);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - t0 };
}

const world = estate();
const sides = world.peerings.reduce((n, p) => n + (p.bothWays === false ? 1 : 2), 0);
console.log(`estate: ${world.vnets.length} VNets in ${SUBS.length} subscriptions, ${world.peerings.length} pairs (${sides} peerings), ${world.hubs.length} hub-spoke groups of ≤${SPOKES} spokes (hubs meshed), ${world.meshes.length} meshes of ≤${MESH}`);

const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
const emulator = await spawnArmEmulator({ fast: true, seed: 1, startTimeoutMs: 60_000 });
const azurite = await startAzurite({ ports: 'any' });
try {
  const t0 = performance.now();
  await emulator.control.loadScenario(scenario(world));
  // Seeded in the "portal": one side of a hub pair deleted (the other turns Disconnected), one spoke resized (not in sync).
  const { NetworkManagementClient } = await import('@azure/arm-network');
  const { EmulatorCredential } = await import('../local/arm/auth/emulatorCredential.js');
  const portalNet = (sub: string) => new NetworkManagementClient(new EmulatorCredential(emulator.control, 'app'), sub, { endpoint: emulator.url });
  const [resizeHub, deleteHub] = [Math.min(1, HUBS - 1), Math.min(4, HUBS - 1)];
  const hs1 = world.vnets.find((v) => v.name === `hs-${resizeHub}-spoke-7`) as Planned;
  const hs4 = world.vnets.find((v) => v.name === `hs-${deleteHub}-spoke-9`) as Planned;
  await portalNet(hs4.sub).virtualNetworkPeerings.beginDeleteAndWait(hs4.rg, hs4.name, `${hs4.name}-to-hub-${deleteHub}`);
  const resized = await portalNet(hs1.sub).virtualNetworks.get(hs1.rg, hs1.name);
  await portalNet(hs1.sub).virtualNetworks.beginCreateOrUpdateAndWait(hs1.rg, hs1.name, { ...resized, addressSpace: { addressPrefixes: [hs1.prefix, '172.16.0.0/24'] } });
  console.log(`world loaded and drift seeded in ${Math.round(performance.now() - t0)} ms`);

  const topologyFile = join(dir, 'topology.yaml');
  writeFileSync(topologyFile, world.topology);
  Object.assign(process.env, appIdentityEnv(emulator), {
    AzureWebJobsStorage: azurite.connectionString,
    SCOPE_SUBSCRIPTIONS: SUBS.join(','),
    TOPOLOGY_FILE: topologyFile,
    TABLE_NAME_PREFIX: 'bench',
    REMEDIATION: 'safe',
  });
  const { auditListVnets } = await import('../src/workflows/activities/auditListVnets.js');
  const { auditClassify } = await import('../src/workflows/activities/auditClassify.js');
  const { assessAudit } = await import('../src/workflows/activities/assessAudit.js');
  const { loadTopology } = await import('../src/workflows/activities/loadTopology.js');
  const { getJson } = await import('../src/azure/storage/blobDocuments.js');
  const { driftTable } = await import('../src/report/driftTable.js');
  const { auditBlobs } = await import('../src/workflows/audit/auditTypes.js');
  const { auditContainer } = await import('../src/workflows/activities/activitySupport.js');
  const auditId = 'audit-bench';
  const now = new Date().toISOString();

  await emulator.control.resetCalls();
  const listed = await cpu(() => Promise.all(SUBS.map((subscriptionId) => auditListVnets({ auditId, subscriptionId }))));
  const failed = listed.value.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`listing failed: ${JSON.stringify(failed)}`);
  const pages = listed.value.reduce((n, r) => n + (r.ok ? r.pages : 0), 0);
  const calls = await emulator.control.calls({ entries: false });
  const armOps = Object.entries(calls.counts.byOperation).filter(([op]) => !/token|msi|identity/i.test(op));

  const classified = await cpu(() => auditClassify({ auditId, trigger: 'http', startedAt: now, now, subscriptions: SUBS, unread: [], remediation: 'safe', prune: false, armCalls: pages }));
  if (!classified.value.ok) throw new Error(`classification failed: ${JSON.stringify(classified.value)}`);

  // The assessment alone (no blob I/O): the CPU the audit spends thinking.
  const snapshots = (await Promise.all(SUBS.map((s) => getJson<never[]>(auditContainer(), auditBlobs.inventory(auditId, s))))).flatMap((p) => p ?? []);
  const { groups } = await loadTopology(topologyFile);
  const assessed = await cpu(async () => assessAudit({ auditId, trigger: 'http', startedAt: now, now, snapshots, subscriptions: SUBS, unread: [], groups, initiatedSince: {}, remediation: 'safe', prune: false, scope: SUBS, armCalls: pages }));
  const reportBytes = Buffer.byteLength(JSON.stringify(assessed.value.report));
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  console.log('\nARM calls during the audit (emulator call log, by operation):');
  for (const [op, n] of armOps) console.log(`  ${op}: ${n}`);
  console.log(`  list pages the activities counted: ${pages} (${SUBS.length} subscriptions)`);
  console.log(`\nlisting (4 subscriptions in parallel, SDK deserialisation, blob writes): wall ${Math.round(listed.wallMs)} ms, CPU ${Math.round(listed.cpuMs)} ms`);
  console.log(`classification activity (blob reads, topology, assessment, report + ${classified.value.remediate.length} remediation blobs): wall ${Math.round(classified.wallMs)} ms, CPU ${Math.round(classified.cpuMs)} ms`);
  console.log(`assessment alone (inventory, ${groups.length} groups expanded → ${assessed.value.desired.length} desired pairs, drift, report, targets): wall ${Math.round(assessed.wallMs)} ms, CPU ${Math.round(assessed.cpuMs)} ms`);
  console.log(`report: ${assessed.value.report.counts.vnets} VNets, ${assessed.value.report.counts.peerings} peerings, ${assessed.value.report.counts.pairs} pairs, ${assessed.value.report.counts.drifts} drifts, ${(reportBytes / 1024 / 1024).toFixed(1)} MB JSON`);
  console.log(`peak RSS of this process (the app's side; emulator and Azurite are other processes): ${Math.round(maxRssMb)} MB`);
  console.log(`\ndrift (seeded):\n${driftTable(assessed.value.report)}`);
} finally {
  await emulator.stop();
  await azurite.stop();
  rmSync(dir, { recursive: true, force: true });
}
