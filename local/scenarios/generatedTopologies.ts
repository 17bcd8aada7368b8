/**
 * Generated worlds for scale and topology tests: `hub-spoke-N` (a hub and N spokes, each peered both ways
 * with the hub; default N = 50) and `mesh-N` (N VNets, every pair peered both ways; default N = 10).
 *
 * Deterministic for a seed (default 1): the seeded generator picks each VNet's subscription (two fixed ones)
 * and region, and which VNets get a VM (about one in five, at least two). Address plan: VNet `i` (hub = 0)
 * owns `10.<i div 16>.<(i mod 16) * 16>.0/20` and subnet `default` is its first /24, so up to 4,096 VNets
 * never overlap. VMs are Linux (they answer ICMP), have the Network Watcher agent and the tag
 * `peering-probe=true`. VNets carry `peering-group=<scenario name>` and `role=hub|spoke|mesh`.
 */
import type { ScenarioInput } from '../arm/scenario/scenarioSchema.js';
import { createRng, type Rng } from '../arm/rng.js';
import { labIdentities } from './labIdentities.js';

/** The two subscriptions generated worlds spread over. */
export const generatedSubscriptionIds = ['22222222-2222-2222-2222-222222222222', '33333333-3333-3333-3333-333333333333'] as const;

const regions = ['westeurope', 'northeurope', 'uksouth', 'francecentral', 'germanywestcentral', 'swedencentral'];
const maxVnets = 4096;

/** The /20 of VNet number `index`. */
export function generatedAddressSpace(index: number): string {
  return `10.${Math.floor(index / 16)}.${(index % 16) * 16}.0/20`;
}

interface PlannedVnet {
  name: string;
  subscription: string;
  location: string;
  role: 'hub' | 'spoke' | 'mesh';
  withVm: boolean;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)] as T;
}

/** Which VNets get a VM: about one in five, at least two, always the hub. */
function vmSample(rng: Rng, count: number, mustHave: number | undefined): Set<number> {
  const chosen = new Set<number>(mustHave === undefined ? [] : [mustHave]);
  const wanted = Math.min(count, Math.max(2, Math.ceil(count / 5)));
  while (chosen.size < wanted) chosen.add(Math.floor(rng.next() * count));
  return chosen;
}

function build(name: string, description: string, planned: PlannedVnet[], pairs: Array<[number, number]>): ScenarioInput {
  const groupOf = (v: PlannedVnet): string => (v.role === 'hub' ? 'rg-hub' : `rg-${v.role === 'mesh' ? 'mesh' : 'spokes'}-${v.location}`);
  const groups = new Map<string, { subscription: string; name: string; location: string }>();
  for (const v of planned) groups.set(`${v.subscription}/${groupOf(v)}`, { subscription: v.subscription, name: groupOf(v), location: v.location });
  const watchers = new Map<string, { subscription: string; location: string }>();
  for (const v of planned) watchers.set(`${v.subscription}/${v.location}`, { subscription: v.subscription, location: v.location });
  const vnetRef = (v: PlannedVnet): string => `/subscriptions/${v.subscription}/resourceGroups/${groupOf(v)}/providers/Microsoft.Network/virtualNetworks/${v.name}`;
  return {
    name,
    description,
    subscriptions: [...generatedSubscriptionIds],
    ...labIdentities(generatedSubscriptionIds),
    resourceGroups: [...groups.values()].map((g) => ({ subscription: g.subscription, name: g.name, location: g.location })),
    networkSecurityGroups: [...groups.values()].map((g) => ({ subscription: g.subscription, resourceGroup: g.name, name: 'nsg-default' })),
    virtualNetworks: planned.map((v, i) => ({
      subscription: v.subscription,
      resourceGroup: groupOf(v),
      name: v.name,
      location: v.location,
      addressPrefixes: [generatedAddressSpace(i)],
      tags: { 'peering-group': name, role: v.role },
      subnets: [{ name: 'default', addressPrefix: generatedAddressSpace(i).replace('/20', '/24'), networkSecurityGroup: 'nsg-default' }],
    })),
    virtualMachines: planned.flatMap((v) =>
      v.withVm
        ? [
            {
              subscription: v.subscription,
              resourceGroup: groupOf(v),
              name: `vm-${v.name.replace(/^vnet-/, '')}`,
              osType: 'Linux' as const,
              tags: { 'peering-probe': 'true' },
              nics: [{ vnet: vnetRef(v), subnet: 'default' }],
            },
          ]
        : [],
    ),
    networkWatchers: [...watchers.values()].map((w) => ({ subscription: w.subscription, location: w.location })),
    peerings: pairs.map(([a, b]) => {
      const from = planned[a] as PlannedVnet;
      const to = planned[b] as PlannedVnet;
      return { from: vnetRef(from), to: vnetRef(to), name: `${from.name}-to-${to.name}` };
    }),
  };
}

function checkCount(kind: string, count: number): void {
  if (!Number.isInteger(count) || count < 1 || count + 1 > maxVnets) throw new Error(`scenario ${kind}-${count}: the count must be 1 to ${maxVnets - 1}`);
}

/** `hub-spoke-N`: the hub (in the first subscription, West Europe) and `spokes` spokes. */
export function hubSpokeScenario(spokes: number, seed = 1): ScenarioInput {
  checkCount('hub-spoke', spokes);
  const rng = createRng(seed);
  const sample = vmSample(rng, spokes + 1, 0);
  const planned: PlannedVnet[] = [{ name: 'vnet-hub', subscription: generatedSubscriptionIds[0], location: 'westeurope', role: 'hub', withVm: true }];
  for (let i = 1; i <= spokes; i++) {
    planned.push({ name: `vnet-spoke-${String(i).padStart(3, '0')}`, subscription: pick(rng, generatedSubscriptionIds), location: pick(rng, regions), role: 'spoke', withVm: sample.has(i) });
  }
  const pairs: Array<[number, number]> = planned.slice(1).map((_, i) => [0, i + 1]);
  return build(`hub-spoke-${spokes}`, `A hub and ${spokes} spokes peered with it (seed ${seed}), across two subscriptions.`, planned, pairs);
}

/** `mesh-N`: `count` VNets, every pair peered. */
export function meshScenario(count: number, seed = 1): ScenarioInput {
  checkCount('mesh', count);
  const rng = createRng(seed);
  const sample = vmSample(rng, count, undefined);
  const planned: PlannedVnet[] = [];
  for (let i = 0; i < count; i++) {
    planned.push({ name: `vnet-mesh-${String(i + 1).padStart(3, '0')}`, subscription: pick(rng, generatedSubscriptionIds), location: pick(rng, regions), role: 'mesh', withVm: sample.has(i) });
  }
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) pairs.push([a, b]);
  return build(`mesh-${count}`, `${count} VNets, every pair peered (seed ${seed}), across two subscriptions.`, planned, pairs);
}
