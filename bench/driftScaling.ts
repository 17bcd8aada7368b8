/**
 * Benchmark (not a test): drift classification must stay linear in the inventory. Builds realistic
 * worlds — hub-spoke groups of 100 VNets plus meshes of 7, ≈4 peering sides per VNet — at 1/10 scale
 * and at full scale (5,000 VNets, ≈20,000 peering sides), seeds some drift, and prints CPU time per VNet
 * of both runs and their ratio (≈1 when linear; ≈10 would mean quadratic).
 *
 * Run: npm run build && node dist/bench/driftScaling.js
 */
import { desiredPair } from '../src/domain/desired.js';
import type { DesiredPair } from '../src/domain/desired.js';
import { classifyDrift } from '../src/domain/drift.js';
import { buildInventory } from '../src/domain/inventory.js';
import type { PeeringSide, VnetSnapshot } from '../src/domain/model.js';
import { DEFAULT_PEERING_OPTIONS } from '../src/domain/model.js';

const SUBS = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222', '33333333-3333-3333-3333-333333333333'];

interface World {
  vnets: VnetSnapshot[];
  desired: DesiredPair[];
  sides: number;
}

function build(vnetCount: number): World {
  const ids = Array.from({ length: vnetCount }, (_, i) => `/subscriptions/${SUBS[i % SUBS.length]}/resourceGroups/rg-${i % 40}/providers/Microsoft.Network/virtualNetworks/vnet-${i}`);
  const space = (i: number) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`;
  const pairs: [number, number][] = [];
  const half = Math.floor(vnetCount / 2);
  for (let start = 0; start + 1 < half; start += 100) {
    for (let s = start + 1; s < Math.min(start + 100, half); s++) pairs.push([start, s]);
  }
  for (let start = half; start + 7 <= vnetCount; start += 7) {
    for (let a = start; a < start + 7; a++) for (let b = a + 1; b < start + 7; b++) pairs.push([a, b]);
  }
  const peerings = ids.map(() => [] as PeeringSide[]);
  pairs.forEach(([a, b], n) => {
    // Seed drift: every 50th pair loses a side, every 70th has an option flipped.
    const side = (l: number, r: number): PeeringSide => ({
      id: `${ids[l]}/virtualNetworkPeerings/p-${r}`,
      name: `p-${r}`,
      localVnetId: ids[l] as string,
      remoteVnetId: ids[r] as string,
      peeringState: n % 50 === 0 ? 'Initiated' : 'Connected',
      peeringSyncLevel: 'FullyInSync',
      provisioningState: 'Succeeded',
      options: { ...DEFAULT_PEERING_OPTIONS, allowForwardedTraffic: n % 70 === 0 },
      remoteAddressSpace: [space(r)],
      remoteVirtualNetworkAddressSpace: [space(r)],
    });
    peerings[a]?.push(side(a, b));
    if (n % 50 !== 0) peerings[b]?.push(side(b, a));
  });
  const vnets = ids.map((id, i) => ({
    id,
    name: `vnet-${i}`,
    location: 'westeurope',
    subscriptionId: SUBS[i % SUBS.length] as string,
    resourceGroup: `rg-${i % 40}`,
    addressSpace: [space(i)],
    subnets: [],
    tags: {},
    hasGateway: false,
    peerings: peerings[i] ?? [],
  }));
  const desired = pairs.map(([a, b]) => desiredPair({ vnetId: ids[a] as string }, { vnetId: ids[b] as string }, 'topology'));
  return { vnets, desired, sides: peerings.reduce((s, p) => s + p.length, 0) };
}

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function run(vnetCount: number): { perVnetMs: number; totalMs: number; sides: number; drift: number } {
  const world = build(vnetCount);
  let drift = 0;
  // Warm-up once so both runs measure compiled code.
  classifyDrift({ desired: world.desired, inventory: buildInventory(world.vnets), now: '2025-06-01T00:00:00Z' });
  const totalMs = cpuMs(() => {
    drift = classifyDrift({ desired: world.desired, inventory: buildInventory(world.vnets), now: '2025-06-01T00:00:00Z' }).entries.length;
  });
  return { perVnetMs: totalMs / vnetCount, totalMs, sides: world.sides, drift };
}

const small = run(500);
const full = run(5000);
console.log(`1/10 scale: 500 VNets, ${small.sides} sides, ${small.drift} drifts, ${small.totalMs.toFixed(1)} ms CPU`);
console.log(`full scale: 5000 VNets, ${full.sides} sides, ${full.drift} drifts, ${full.totalMs.toFixed(1)} ms CPU`);
console.log(`CPU per VNet, full / tenth: ${(full.perVnetMs / small.perVnetMs).toFixed(2)} (≈1 linear, ≈10 quadratic)`);
