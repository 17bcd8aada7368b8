import type { EventSubscription } from './eventGrid/eventSubscription.js';

/**
 * The emulator's model of the world: plain JSON-serialisable records (so `--state FILE` is one
 * `JSON.stringify`). Maps are keyed by the lower-cased resource id (ARM ids are case-insensitive).
 *
 * Derived facts (a peering's `peeringState` and `peeringSyncLevel`, NSG default rules, a subnet's
 * ipConfigurations) are computed from these records when read, never stored twice.
 */

/** Where a record is: subscription, resource group, name, id with ARM casing. */
export interface Located {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

/** A signed-in identity: the app's managed identity, a person at the portal, another service principal. */
export interface Principal {
  /** Object id (`oid` claim). */
  id: string;
  name: string;
  kind: 'ManagedIdentity' | 'User' | 'ServicePrincipal';
}

/** A role assignment: a built-in role by name, or explicit actions. */
export interface RoleAssignment {
  id: string;
  principalId: string;
  scope: string;
  /** `Owner`, `Contributor`, `Reader`, `Network Contributor`, or a custom name when `actions` is given. */
  role: string;
  actions?: string[];
  notActions?: string[];
}

export interface ResourceGroup {
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
}

/** A subnet inside its VNet record. `extra` keeps the request's other properties, echoed back. */
export interface Subnet {
  name: string;
  addressPrefix?: string;
  addressPrefixes?: string[];
  networkSecurityGroupId?: string;
  extra: Record<string, unknown>;
  provisioningState: ProvisioningState;
}

/**
 * One peering link (local VNet → remote VNet), stored inside its local VNet.
 *
 * `remotePeeredPrefixes` is the remote address space *as synced* into this link (`remoteAddressSpace` on the
 * wire): it changes on create and on a PUT with `syncRemoteAddressSpace=true`, never when the remote VNet is
 * resized. Sync levels and routing (issue 5) are computed from it.
 */
export interface Peering {
  name: string;
  remoteVirtualNetworkId: string;
  allowVirtualNetworkAccess: boolean;
  allowForwardedTraffic: boolean;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
  doNotVerifyRemoteGateways: boolean;
  remotePeeredPrefixes: string[];
  /** Set when the remote side's link was deleted: ARM then reports `Disconnected` until this link is re-put. */
  disconnected: boolean;
  /** Both links of a pair report the same guid once connected. */
  resourceGuid: string;
  provisioningState: ProvisioningState;
  /** Other request properties (subnet peering fields …), echoed back. */
  extra: Record<string, unknown>;
}

export interface VirtualNetwork extends Located {
  location: string;
  tags: Record<string, string>;
  addressPrefixes: string[];
  subnets: Subnet[];
  peerings: Peering[];
  /** Other request properties (`dhcpOptions`, `enableDdosProtection` …), echoed back. */
  extra: Record<string, unknown>;
  etag: string;
  resourceGuid: string;
  provisioningState: ProvisioningState;
  /** The in-progress operation holding the VNet lock (a VNet write or a write on one of its peerings). */
  activeOperationId?: string;
  /** Emulator-only: the VNet has a virtual network gateway (for `useRemoteGateways`/`allowGatewayTransit`). */
  hasGateway: boolean;
}

/** An NSG security rule, kept in wire shape (`properties` as the spec defines them). */
export interface SecurityRule {
  name: string;
  properties: Record<string, unknown>;
}

export interface NetworkSecurityGroup extends Located {
  location: string;
  tags: Record<string, string>;
  securityRules: SecurityRule[];
  extra: Record<string, unknown>;
  etag: string;
  resourceGuid: string;
  provisioningState: ProvisioningState;
}

export interface NicIpConfiguration {
  name: string;
  subnetId: string;
  privateIPAddress: string;
  privateIPAllocationMethod: 'Dynamic' | 'Static';
  primary: boolean;
  extra: Record<string, unknown>;
}

export interface NetworkInterface extends Located {
  location: string;
  tags: Record<string, string>;
  ipConfigurations: NicIpConfiguration[];
  networkSecurityGroupId?: string;
  /** Set from the VM side: the VM this NIC is attached to. */
  virtualMachineId?: string;
  extra: Record<string, unknown>;
  etag: string;
  resourceGuid: string;
  provisioningState: ProvisioningState;
}

/** Emulator-only guest-OS firewall model (Windows blocks inbound ICMP echo by default). */
export interface GuestFirewall {
  blockIcmp: boolean;
  /** TCP ports open inbound; `undefined` = all open. */
  openTcpPorts?: number[];
}

export interface VirtualMachine extends Located {
  location: string;
  tags: Record<string, string>;
  vmId: string;
  vmSize: string;
  osType: 'Windows' | 'Linux';
  computerName: string;
  networkInterfaceIds: string[];
  /** Emulator-only: `running`, `stopped` or `deallocated`. */
  powerState: 'running' | 'stopped' | 'deallocated';
  /** Whether the Network Watcher agent extension is installed (a scenario fact, or a VM extension PUT). */
  networkWatcherAgent: boolean;
  /** The name the agent extension was installed under (default `AzureNetworkWatcherExtension`). */
  networkWatcherExtensionName?: string;
  guestFirewall: GuestFirewall;
  provisioningState: ProvisioningState;
}

/** A Network Watcher: one per subscription and region (`NetworkWatcher_<region>` in `NetworkWatcherRG` by default). */
export interface NetworkWatcher extends Located {
  location: string;
  tags: Record<string, string>;
  etag: string;
  provisioningState: ProvisioningState;
}

/** What kind of change an operation makes, as Event Grid names it (Write/Delete/Action). */
export type ChangeKind = 'write' | 'delete' | 'action';

/** A long-running (or immediate) operation, polled through its status URL. */
export interface Operation {
  id: string;
  subscriptionId: string;
  /** Region in the status URL (`…/locations/{location}/operations/{id}`). */
  location: string;
  /** The provider namespace serving the status URL. */
  provider: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
  kind: ChangeKind;
  /** ARM operation name (`Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write`). */
  operationName: string;
  resourceId: string;
  principalId: string;
  correlationId: string;
  clientRequestId?: string;
  httpMethod: string;
  url: string;
  clientIp: string;
  /** Whether the write created the resource (Event Grid omits `httpRequest` then). */
  created: boolean;
  startedAt: number;
  dueAt: number;
  /** Held by a fault rule: stays InProgress until released. */
  heldBy?: string;
  /** Resources whose provisioningState turns Succeeded and whose lock is released on completion. */
  settles: string[];
  /** Set by a fault rule: the operation ends Failed with this error. */
  failWith?: { code: string; message: string };
  /** What an action returns once done (`…/operationResults/{id}` answers 200 with it), e.g. a connectivity check. */
  result?: unknown;
  /** The spec operation whose 200 body {@link result} is (for conformance checks). */
  resultOf?: string;
}

/** The settings that change ARM's behaviour. */
export interface WorldSettings {
  /** Enforce role assignments (otherwise every authenticated principal may do everything). */
  rbac: boolean;
  /** Pre-2021 rule: an address-space change on a peered VNet fails with VnetAddressSpaceCannotChangeDueToPeerings. */
  legacyAddressSpace: boolean;
}

/** Everything the emulator knows; what `--state FILE` saves. */
export interface WorldState {
  format: 'arm-emulator-state/1';
  tenantId: string;
  /** HMAC key of the emulator's tokens (kept with the state so tokens survive a restart). */
  signingKey: string;
  settings: WorldSettings;
  principals: Principal[];
  /** The principal the managed-identity endpoint mints tokens for. */
  appPrincipalId: string;
  /** The principal the portal CLI acts as. */
  portalPrincipalId: string;
  roleAssignments: RoleAssignment[];
  resourceGroups: Record<string, ResourceGroup>;
  virtualNetworks: Record<string, VirtualNetwork>;
  networkSecurityGroups: Record<string, NetworkSecurityGroup>;
  networkInterfaces: Record<string, NetworkInterface>;
  virtualMachines: Record<string, VirtualMachine>;
  networkWatchers: Record<string, NetworkWatcher>;
  operations: Record<string, Operation>;
  /** Event Grid subscriptions by lower-cased name (`eventGrid/eventSubscriptions.ts`); kept across scenario loads. */
  eventSubscriptions: Record<string, EventSubscription>;
}
