/**
 * ARM resource ids for virtual networks and their peerings.
 *
 * ARM treats ids case-insensitively and different sources spell them differently (Event Grid subjects
 * say `resourcegroups`, the SDK says `resourceGroups`, users type anything), so every comparison here
 * goes through {@link vnetKey}/{@link resourceKey} and formatting always produces ARM's canonical
 * spelling of the fixed segments while keeping the case of the names as given.
 */

/** The three coordinates of a virtual network. */
export interface VnetRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** A peering: the VNet it lives on and its name. */
export interface PeeringRef {
  readonly vnet: VnetRef;
  readonly name: string;
}

/** The shape a VNet id must have, quoted in errors. */
export const VNET_ID_SHAPE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/{vnetName}';

/** The shape a peering id must have, quoted in errors. */
export const PEERING_ID_SHAPE = `${VNET_ID_SHAPE}/virtualNetworkPeerings/{peeringName}`;

/** Thrown when a string is not the kind of ARM id the caller needs; names the id and the expected shape. */
export class ResourceIdError extends Error {
  override readonly name = 'ResourceIdError';
  /** Stable code for API errors. */
  readonly code = 'InvalidResourceId';
  constructor(
    readonly id: string,
    readonly expected: 'virtual network' | 'virtual network peering',
  ) {
    const shape = expected === 'virtual network' ? VNET_ID_SHAPE : PEERING_ID_SHAPE;
    super(`'${id}' is not a ${expected} id: expected ${shape}`);
  }
}

// Segment values: anything but a slash; ARM names never contain one.
const SEG = '([^/]+)';
const VNET_PATTERN = `/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.Network/virtualNetworks/${SEG}`;
const VNET_RE = new RegExp(`^${VNET_PATTERN}/?$`, 'i');
const PEERING_RE = new RegExp(`^${VNET_PATTERN}/virtualNetworkPeerings/${SEG}/?$`, 'i');

function refFrom(match: RegExpExecArray): VnetRef | undefined {
  const [, subscriptionId, resourceGroup, name] = match;
  if (!subscriptionId?.trim() || !resourceGroup?.trim() || !name?.trim()) return undefined;
  return { subscriptionId, resourceGroup, name };
}

/** Parses a VNet id, or returns `undefined` when `id` is not one (a peering id is not a VNet id). */
export function tryParseVnetId(id: string): VnetRef | undefined {
  const match = VNET_RE.exec(id.trim());
  return match ? refFrom(match) : undefined;
}

/** Parses a VNet id; throws {@link ResourceIdError} naming the id and the expected shape. */
export function parseVnetId(id: string): VnetRef {
  const ref = tryParseVnetId(id);
  if (!ref) throw new ResourceIdError(id, 'virtual network');
  return ref;
}

/** Parses a peering id, or returns `undefined` when `id` is not one. */
export function tryParsePeeringId(id: string): PeeringRef | undefined {
  const match = PEERING_RE.exec(id.trim());
  if (!match) return undefined;
  const vnet = refFrom(match);
  const name = match[4];
  return vnet && name?.trim() ? { vnet, name } : undefined;
}

/** Parses a peering id; throws {@link ResourceIdError} naming the id and the expected shape. */
export function parsePeeringId(id: string): PeeringRef {
  const ref = tryParsePeeringId(id);
  if (!ref) throw new ResourceIdError(id, 'virtual network peering');
  return ref;
}

/** Formats a VNet id with ARM's canonical fixed segments (`resourceGroups`, `Microsoft.Network`, `virtualNetworks`). */
export function formatVnetId(ref: VnetRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${ref.name}`;
}

/** Formats a peering id under its VNet's canonical id. */
export function formatPeeringId(ref: PeeringRef): string {
  return `${formatVnetId(ref.vnet)}/virtualNetworkPeerings/${ref.name}`;
}

/** The id of peering `name` on VNet `vnetId`. Throws {@link ResourceIdError} when `vnetId` is not a VNet id. */
export function peeringIdOf(vnetId: string, name: string): string {
  return formatPeeringId({ vnet: parseVnetId(vnetId), name });
}

/** Re-spells a VNet id canonically (fixed segments), keeping the names' case. Throws on a non-VNet id. */
export function canonicalVnetId(id: string): string {
  return formatVnetId(parseVnetId(id));
}

/** The VNet a peering id lives on. Throws {@link ResourceIdError} when `peeringId` is not a peering id. */
export function parentVnetId(peeringId: string): string {
  return formatVnetId(parsePeeringId(peeringId).vnet);
}

/**
 * The case-insensitive identity of any ARM id: lower-cased, trailing slash dropped. Use it for map keys
 * and equality; never show it to people (ids are displayed as ARM returned them).
 */
export function resourceKey(id: string): string {
  return id.trim().replace(/\/$/, '').toLowerCase();
}

/** Canonical key of a VNet id (lower-cased canonical form). Throws {@link ResourceIdError} on a non-VNet id. */
export function vnetKey(id: string): string {
  return canonicalVnetId(id).toLowerCase();
}

/** Whether two ARM ids name the same resource (ARM ids are case-insensitive). */
export function sameResourceId(a: string, b: string): boolean {
  return resourceKey(a) === resourceKey(b);
}

/** What a `Microsoft.Network` id under a VNet names: the VNet itself, one of its peerings, or something else. */
export type NetworkIdKind =
  | { readonly kind: 'vnet'; readonly vnet: VnetRef }
  | { readonly kind: 'peering'; readonly peering: PeeringRef }
  | { readonly kind: 'other' };

/** Classifies an id as a VNet id, a peering id, or neither (subnets, other resource types, junk). */
export function classifyNetworkId(id: string): NetworkIdKind {
  const vnet = tryParseVnetId(id);
  if (vnet) return { kind: 'vnet', vnet };
  const peering = tryParsePeeringId(id);
  if (peering) return { kind: 'peering', peering };
  return { kind: 'other' };
}

/** A resource reference split into its id and, when it was given as a full ARM URL, the ARM host. */
export interface ArmReference {
  readonly id: string;
  /** Lower-cased host of the ARM endpoint (`management.usgovcloudapi.net`), when the reference was a URL. */
  readonly host?: string;
}

/**
 * Accepts an ARM id or a full ARM URL (`https://management.azure.com/subscriptions/...?api-version=...`),
 * as operators paste either. The host tells which cloud the resource lives in.
 */
export function splitArmReference(text: string): ArmReference {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed)) return { id: trimmed };
  try {
    const url = new URL(trimmed);
    return { id: decodeURIComponent(url.pathname), host: url.host.toLowerCase() };
  } catch {
    return { id: trimmed };
  }
}
