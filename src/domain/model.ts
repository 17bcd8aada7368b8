/**
 * Snapshots: virtual networks and peering sides as the app sees them.
 *
 * Plain JSON data, no SDK types: they travel through orchestration history, activity results and
 * Table/Blob storage. `src/azure` maps ARM responses into these shapes; everything in `src/domain`
 * decides on them. Address prefixes are kept as ARM returned them (use `cidr.ts` to compare).
 */

/** `peeringState` of a side. ARM models it as an open string: unknown values are kept, never "Connected". */
export type PeeringState = 'Initiated' | 'Connected' | 'Disconnected' | (string & {});

/** `peeringSyncLevel` of a side: whether its view of the address spaces matches the VNets' current ones. */
export type PeeringSyncLevel =
  | 'FullyInSync'
  | 'RemoteNotInSync'
  | 'LocalNotInSync'
  | 'LocalAndRemoteNotInSync'
  | (string & {});

/** `provisioningState` of a resource. Only `Succeeded` means no write is running on it. */
export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed' | (string & {});

/** The four options a peering side carries; what the app remembers and puts back. */
export interface PeeringOptions {
  readonly allowVirtualNetworkAccess: boolean;
  readonly allowForwardedTraffic: boolean;
  readonly allowGatewayTransit: boolean;
  readonly useRemoteGateways: boolean;
}

/** The option names, in ARM's order. */
export const PEERING_OPTION_NAMES = [
  'allowVirtualNetworkAccess',
  'allowForwardedTraffic',
  'allowGatewayTransit',
  'useRemoteGateways',
] as const satisfies readonly (keyof PeeringOptions)[];

/** Options of a new peering when nobody says otherwise: the portal's defaults (access allowed, nothing else). */
export const DEFAULT_PEERING_OPTIONS: PeeringOptions = Object.freeze({
  allowVirtualNetworkAccess: true,
  allowForwardedTraffic: false,
  allowGatewayTransit: false,
  useRemoteGateways: false,
});

/** One side of a peering: the `virtualNetworkPeerings` child resource on `localVnetId` pointing at `remoteVnetId`. */
export interface PeeringSide {
  readonly id: string;
  readonly name: string;
  readonly localVnetId: string;
  readonly remoteVnetId: string;
  readonly peeringState: PeeringState;
  readonly peeringSyncLevel: PeeringSyncLevel;
  readonly provisioningState: ProvisioningState;
  readonly options: PeeringOptions;
  /** The remote space this side actually routes to (ARM `remoteAddressSpace`): changes only on create or sync. */
  readonly remoteAddressSpace: readonly string[];
  /** The remote VNet's current space as this side sees it (ARM `remoteVirtualNetworkAddressSpace`). */
  readonly remoteVirtualNetworkAddressSpace: readonly string[];
}

/** A subnet: only what refusals and probes need. */
export interface SubnetSnapshot {
  readonly name: string;
  readonly id?: string;
  /** `addressPrefix` and `addressPrefixes` of the subnet, merged. */
  readonly addressPrefixes: readonly string[];
}

/** A virtual network as read from ARM (a VNet GET carries its peerings). */
export interface VnetSnapshot {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly addressSpace: readonly string[];
  readonly subnets: readonly SubnetSnapshot[];
  readonly tags: Readonly<Record<string, string>>;
  /** Whether a virtual network gateway is attached (a `GatewaySubnet` with a gateway IP configuration). */
  readonly hasGateway: boolean;
  /** ARM etag of the VNet, for `If-Match` on the whole-VNet PUT. */
  readonly etag?: string;
  readonly peerings: readonly PeeringSide[];
}

/** Whether two option sets are equal on all four options. */
export function sameOptions(a: PeeringOptions, b: PeeringOptions): boolean {
  return PEERING_OPTION_NAMES.every((name) => a[name] === b[name]);
}

/** One option whose actual value differs from the wanted one. */
export interface OptionDifference {
  readonly option: keyof PeeringOptions;
  readonly actual: boolean;
  readonly wanted: boolean;
}

/** The options where `actual` differs from `wanted`, in ARM's order; empty when they agree. */
export function optionDifferences(actual: PeeringOptions, wanted: PeeringOptions): OptionDifference[] {
  return PEERING_OPTION_NAMES.filter((option) => actual[option] !== wanted[option]).map((option) => ({
    option,
    actual: actual[option],
    wanted: wanted[option],
  }));
}

/** Fills unspecified options with {@link DEFAULT_PEERING_OPTIONS}; copies, so the result is plain data. */
export function withDefaultOptions(partial: Partial<PeeringOptions> | undefined): PeeringOptions {
  return { ...DEFAULT_PEERING_OPTIONS, ...stripUndefined(partial ?? {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Options as a short phrase for plans and reports: `access on, forwarded off, transit off, remote gw off`. */
export function describeOptions(options: PeeringOptions): string {
  const word = (on: boolean) => (on ? 'on' : 'off');
  return [
    `access ${word(options.allowVirtualNetworkAccess)}`,
    `forwarded ${word(options.allowForwardedTraffic)}`,
    `gateway transit ${word(options.allowGatewayTransit)}`,
    `remote gateways ${word(options.useRemoteGateways)}`,
  ].join(', ');
}
