/**
 * `london-madrid`, the seed lab: one office per resource group — London (`vnet-london` 10.1.0.0/16, UK
 * South) and Madrid (`vnet-madrid` 10.2.0.0/16, Spain Central) — each with subnet `default` (first /24), a
 * Windows VM (NIC address .4, TCP 3389 open, the Network Watcher agent installed; Madrid's guest firewall
 * drops inbound ICMP, Windows' default and the seed's trap, while London's IT already allowed ICMPv4-In),
 * default NSGs on the subnet and on the NIC, and a Network Watcher per region in `NetworkWatcherRG`. No
 * peering yet. Principals: the app's managed identity and a portal user,
 * with the role assignments the RBAC mode needs (RBAC itself off, as in the other scenarios).
 */
import type { ScenarioInput } from '../arm/scenario/scenarioSchema.js';
import { labIdentities } from './labIdentities.js';

export { labAppPrincipalId, labPortalPrincipalId } from './labIdentities.js';

/** The lab's subscription (fixed, so ids are stable across runs). */
export const labSubscriptionId = '11111111-1111-1111-1111-111111111111';

interface Office {
  key: 'london' | 'madrid';
  location: string;
  space: string;
  subnet: string;
  /** Whether the VM's guest firewall drops inbound ICMP (ping). */
  blockIcmp: boolean;
}

const offices: Office[] = [
  { key: 'london', location: 'uksouth', space: '10.1.0.0/16', subnet: '10.1.0.0/24', blockIcmp: false },
  { key: 'madrid', location: 'spaincentral', space: '10.2.0.0/16', subnet: '10.2.0.0/24', blockIcmp: true },
];

/** The lab as a scenario document (the same for every seed: nothing in it is random). */
export function londonMadridScenario(): ScenarioInput {
  return {
    name: 'london-madrid',
    description: 'The seed lab: London and Madrid offices, one Windows VM each (Madrid\'s guest firewall blocks ICMP), default NSGs, Network Watcher in both regions, no peering.',
    subscriptions: [labSubscriptionId],
    ...labIdentities([labSubscriptionId]),
    resourceGroups: offices.map((o) => ({ name: `rg-${o.key}`, location: o.location, tags: { office: o.key } })),
    networkSecurityGroups: offices.flatMap((o) => [
      { resourceGroup: `rg-${o.key}`, name: `vnet-${o.key}-default-nsg` },
      { resourceGroup: `rg-${o.key}`, name: `vm-${o.key}-nsg` },
    ]),
    virtualNetworks: offices.map((o) => ({
      resourceGroup: `rg-${o.key}`,
      name: `vnet-${o.key}`,
      addressPrefixes: [o.space],
      tags: { office: o.key },
      subnets: [{ name: 'default', addressPrefix: o.subnet, networkSecurityGroup: `vnet-${o.key}-default-nsg` }],
    })),
    virtualMachines: offices.map((o) => ({
      resourceGroup: `rg-${o.key}`,
      name: `vm-${o.key}`,
      osType: 'Windows' as const,
      vmSize: 'Standard_B2s',
      tags: { 'peering-probe': 'true' },
      networkWatcherAgent: true,
      guestFirewall: { blockIcmp: o.blockIcmp, openTcpPorts: [3389] },
      nics: [{ name: `vm-${o.key}-nic`, vnet: `rg-${o.key}/vnet-${o.key}`, subnet: 'default', networkSecurityGroup: `vm-${o.key}-nsg` }],
    })),
    networkWatchers: offices.map((o) => ({ location: o.location })),
  };
}
