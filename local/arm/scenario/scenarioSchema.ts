/**
 * The scenario format: a JSON document that seeds a world — subscriptions, principals and role
 * assignments, resource groups, NSGs, VNets with subnets (and a gateway flag), VMs with their NICs, guest
 * firewall and Network Watcher agent, Network Watchers, and peerings. Named scenarios (`local/scenarios/`) produce the same
 * document from code (`hub-spoke-N` …); `--scenario FILE` reads it from a file.
 *
 * References: a VNet is `"<resourceGroup>/<name>"` (in the first subscription) or a full resource id; an NSG
 * or subnet inside the same resource group is referenced by name. Locations default to the resource group's.
 */
import { z } from 'zod';

const name = z.string().min(1);
const tags = z.record(z.string(), z.string());
const placed = { subscription: z.string().optional(), resourceGroup: name, name, location: z.string().optional(), tags: tags.optional() };

export const scenarioRuleSchema = z.strictObject({
  name,
  priority: z.number().int(),
  direction: z.enum(['Inbound', 'Outbound']),
  access: z.enum(['Allow', 'Deny']),
  protocol: z.string(),
  sourceAddressPrefix: z.string().default('*'),
  sourcePortRange: z.string().default('*'),
  destinationAddressPrefix: z.string().default('*'),
  destinationPortRange: z.string().optional(),
  destinationPortRanges: z.array(z.string()).optional(),
  description: z.string().optional(),
});

export const scenarioSchema = z.strictObject({
  name,
  description: z.string().optional(),
  tenantId: z.string().optional(),
  /** Subscription ids; the first is the default for entries that name none. */
  subscriptions: z.array(name).min(1),
  /** Principals; `role: app` is the managed identity's, `role: portal` the CLI's (defaults apply otherwise). */
  principals: z
    .array(z.strictObject({ id: name, name, kind: z.enum(['ManagedIdentity', 'User', 'ServicePrincipal']), role: z.enum(['app', 'portal']).optional() }))
    .default([]),
  /** `principal` is an object id, or `app` / `portal`. */
  roleAssignments: z
    .array(z.strictObject({ principal: name, role: name, scope: name, actions: z.array(z.string()).optional(), notActions: z.array(z.string()).optional() }))
    .default([]),
  settings: z.strictObject({ rbac: z.boolean().optional(), legacyAddressSpace: z.boolean().optional() }).default({}),
  resourceGroups: z.array(z.strictObject({ subscription: z.string().optional(), name, location: name, tags: tags.optional() })).default([]),
  networkSecurityGroups: z.array(z.strictObject({ ...placed, rules: z.array(scenarioRuleSchema).default([]) })).default([]),
  virtualNetworks: z
    .array(
      z.strictObject({
        ...placed,
        addressPrefixes: z.array(z.string()).min(1),
        gateway: z.boolean().default(false),
        subnets: z.array(z.strictObject({ name, addressPrefix: z.string(), networkSecurityGroup: z.string().optional() })).default([]),
      }),
    )
    .default([]),
  virtualMachines: z
    .array(
      z.strictObject({
        ...placed,
        osType: z.enum(['Windows', 'Linux']),
        vmSize: z.string().default('Standard_B2s'),
        powerState: z.enum(['running', 'stopped', 'deallocated']).default('running'),
        networkWatcherAgent: z.boolean().default(true),
        /** Default: Windows blocks inbound ICMP, Linux does not; all TCP ports open. */
        guestFirewall: z.strictObject({ blockIcmp: z.boolean().optional(), openTcpPorts: z.array(z.number().int()).optional() }).optional(),
        nics: z
          .array(
            z.strictObject({
              name: z.string().optional(),
              /** `"<resourceGroup>/<vnet>"` or a VNet id. */
              vnet: name,
              subnet: name,
              privateIPAddress: z.string().optional(),
              networkSecurityGroup: z.string().optional(),
            }),
          )
          .min(1),
      }),
    )
    .default([]),
  /** Network Watchers; the resource group (default `NetworkWatcherRG`) is created when not declared, as Azure does. */
  networkWatchers: z
    .array(
      z.strictObject({
        subscription: z.string().optional(),
        resourceGroup: name.default('NetworkWatcherRG'),
        /** Default `NetworkWatcher_<location>`. */
        name: z.string().optional(),
        location: name,
      }),
    )
    .default([]),
  peerings: z
    .array(
      z.strictObject({
        /** `"<resourceGroup>/<vnet>"` or a VNet id. */
        from: name,
        to: name,
        name: z.string().optional(),
        /** Also create the link back (default true): both `Connected`. */
        bothWays: z.boolean().default(true),
        allowVirtualNetworkAccess: z.boolean().default(true),
        allowForwardedTraffic: z.boolean().default(false),
        allowGatewayTransit: z.boolean().default(false),
        useRemoteGateways: z.boolean().default(false),
      }),
    )
    .default([]),
});

/** A scenario as written (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A parsed scenario. */
export type Scenario = z.output<typeof scenarioSchema>;
