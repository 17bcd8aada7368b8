/**
 * ARM writes: peering PUT (create, update, sync), peering DELETE, and the whole-VNet address-space PUT.
 * Each waits for its long-running operation and returns the outcome with the ARM request ids of the
 * write (for the audit trail), or an {@link ArmFailure}; none throws for an ARM error.
 *
 * Address-space changes are GET → modify → PUT of the whole VNet with `If-Match: <etag>` (DESIGN.md,
 * whole-resource writes): the body is the fresh GET, so subnets, peerings and tags survive; a 412 means
 * someone wrote in between, so the change is re-read and re-applied, a bounded number of times.
 */
import type { VirtualNetwork, VirtualNetworkPeeringsDeleteOptionalParams } from '@azure/arm-network';
import { canonicalCidr } from '../domain/cidr.js';
import type { PeeringOptions, PeeringSide, VnetSnapshot } from '../domain/model.js';
import { parsePeeringId, parseVnetId, peeringIdOf } from '../domain/resourceId.js';
import { armClientsFromEnv, type ArmClients } from './armClients.js';
import { armCall, isNotFound, type ArmResult } from './armErrors.js';
import type { ArmReadOptions } from './armReads.js';
import { toPeeringSide, toVnetSnapshot } from './armSnapshots.js';

/** ARM's ids of a write request: `x-ms-correlation-request-id` links ARM's activity log and Event Grid events. */
export interface ArmReceipt {
  readonly correlationId?: string;
  readonly requestId?: string;
}

/** The raw answer the SDK hands to `onResponse`. */
type RawAnswer = Parameters<NonNullable<VirtualNetworkPeeringsDeleteOptionalParams['onResponse']>>[0];

/** Captures the ids (and status) of the first answer of a call: the write itself, not the polls. */
function receiptRecorder(): { onResponse: (response: RawAnswer) => void; receipt: () => ArmReceipt; firstStatus: () => number | undefined } {
  let receipt: ArmReceipt = {};
  let status: number | undefined;
  return {
    onResponse: (response) => {
      if (status !== undefined) return;
      status = response.status;
      const correlationId = response.headers.get('x-ms-correlation-request-id');
      const requestId = response.headers.get('x-ms-request-id');
      receipt = { ...(correlationId ? { correlationId } : {}), ...(requestId ? { requestId } : {}) };
    },
    receipt: () => receipt,
    firstStatus: () => status,
  };
}

/** The poll interval option of a long-running call, when the factory sets one. */
export function pollInterval(clients: ArmClients): { updateIntervalInMs?: number } {
  return clients.pollIntervalMs === undefined ? {} : { updateIntervalInMs: clients.pollIntervalMs };
}

/** A peering side to write. */
export interface PeeringWrite {
  readonly localVnetId: string;
  readonly name: string;
  readonly remoteVnetId: string;
  readonly options: PeeringOptions;
  /** Adds `syncRemoteAddressSpace=true`: the side takes the remote VNet's current address space. */
  readonly sync?: boolean;
}

/**
 * Creates or updates one peering side (PUT, waits for the operation). The body is the remote id and the
 * four options; with `sync` the query says `syncRemoteAddressSpace=true`.
 */
export async function putPeering(write: PeeringWrite, options: ArmReadOptions = {}): Promise<ArmResult<{ peering: PeeringSide; arm: ArmReceipt }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const vnet = parseVnetId(write.localVnetId);
  const target = peeringIdOf(write.localVnetId, write.name);
  const recorder = receiptRecorder();
  return armCall(target, async () => {
    const network = await clients.network(vnet.subscriptionId);
    const body = {
      remoteVirtualNetwork: { id: write.remoteVnetId },
      allowVirtualNetworkAccess: write.options.allowVirtualNetworkAccess,
      allowForwardedTraffic: write.options.allowForwardedTraffic,
      allowGatewayTransit: write.options.allowGatewayTransit,
      useRemoteGateways: write.options.useRemoteGateways,
    };
    const result = await network.virtualNetworkPeerings.createOrUpdate(vnet.resourceGroup, vnet.name, write.name, body, {
      ...(write.sync ? { syncRemoteAddressSpace: 'true' } : {}),
      ...pollInterval(clients),
      onResponse: recorder.onResponse,
    });
    return { peering: toPeeringSide(write.localVnetId, result), arm: recorder.receipt() };
  });
}

/**
 * Deletes one peering side (waits for the operation). A side that does not exist is done: `deleted: false`
 * (ARM answers such a DELETE with 204 No Content, or 404 when the VNet itself is gone).
 */
export async function deletePeering(peeringId: string, options: ArmReadOptions = {}): Promise<ArmResult<{ deleted: boolean; arm: ArmReceipt }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const ref = parsePeeringId(peeringId);
  const recorder = receiptRecorder();
  const result = await armCall(peeringId, async () => {
    const network = await clients.network(ref.vnet.subscriptionId);
    await network.virtualNetworkPeerings.delete(ref.vnet.resourceGroup, ref.vnet.name, ref.name, { ...pollInterval(clients), onResponse: recorder.onResponse });
    return { deleted: recorder.firstStatus() !== 204, arm: recorder.receipt() };
  });
  if (!result.ok && isNotFound(result.failure)) return { ok: true, deleted: false, arm: recorder.receipt() };
  return result;
}

/** An address-space change: canonical prefixes to add and to remove. */
export interface AddressSpaceChange {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** Default number of GET → PUT rounds when `If-Match` keeps failing (someone else keeps writing). */
export const DEFAULT_ADDRESS_CHANGE_ATTEMPTS = 3;

function safeCanonical(prefix: string): string {
  try {
    return canonicalCidr(prefix);
  } catch {
    return prefix.trim().toLowerCase();
  }
}

/** The VNet's prefixes after the change, keeping ARM's order and spelling; `undefined` when nothing changes. */
function applyChange(current: readonly string[], change: AddressSpaceChange): string[] | undefined {
  const removing = new Set(change.remove.map(safeCanonical));
  const kept = current.filter((p) => !removing.has(safeCanonical(p)));
  const present = new Set(kept.map(safeCanonical));
  const added = [...new Set(change.add.map(safeCanonical))].filter((p) => !present.has(p));
  return kept.length === current.length && added.length === 0 ? undefined : [...kept, ...added];
}

/**
 * Changes a VNet's address space: GET, add/remove prefixes, PUT the whole VNet with `If-Match: <etag>`,
 * wait for the operation. On 412 it reads again and retries, at most `maxAttempts` rounds (then a transient
 * `PreconditionFailed`). Idempotent: when the space already is as asked, nothing is written
 * (`changed: false`). A VNet that does not exist is a permanent failure.
 */
export async function changeAddressSpace(
  vnetId: string,
  change: AddressSpaceChange,
  options: ArmReadOptions & { readonly maxAttempts?: number } = {},
): Promise<ArmResult<{ vnet: VnetSnapshot; changed: boolean; attempts: number; arm: ArmReceipt }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const ref = parseVnetId(vnetId);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_ADDRESS_CHANGE_ATTEMPTS);
  for (let attempt = 1; ; attempt++) {
    const recorder = receiptRecorder();
    const result = await armCall(vnetId, async () => {
      const network = await clients.network(ref.subscriptionId);
      const current: VirtualNetwork = await network.virtualNetworks.get(ref.resourceGroup, ref.name);
      const prefixes = applyChange(current.addressSpace?.addressPrefixes ?? [], change);
      if (!prefixes) return { vnet: toVnetSnapshot(current), changed: false, attempts: attempt, arm: {} };
      const body: VirtualNetwork = { ...current, addressSpace: { ...current.addressSpace, addressPrefixes: prefixes } };
      const written = await network.virtualNetworks.createOrUpdate(ref.resourceGroup, ref.name, body, {
        requestOptions: { headers: { 'if-match': current.etag ?? '*' } },
        ...pollInterval(clients),
        onResponse: recorder.onResponse,
      });
      return { vnet: toVnetSnapshot(written), changed: true, attempts: attempt, arm: recorder.receipt() };
    });
    if (result.ok || result.failure.status !== 412 || attempt >= maxAttempts) return result;
  }
}
