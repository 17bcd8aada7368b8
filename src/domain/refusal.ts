/**
 * The refusal value shared by request validations: a code (ARM's where ARM has one), an HTTP status,
 * a message naming the resource and the rule, and a target (the request field at fault).
 */
import { tryParseVnetId } from './resourceId.js';

/** Why a request is refused before any write. */
export interface Refusal {
  readonly code: string;
  readonly status: 400 | 403 | 404 | 409;
  readonly message: string;
  /** The request field at fault (`remote`, `add[1]`, `local.options.useRemoteGateways`). */
  readonly target: string;
}

/** The HTTP error body for a refusal: `{ error: { code, message, target } }` (ARM's envelope). */
export function refusalBody(refusal: Refusal): { error: { code: string; message: string; target: string } } {
  return { error: { code: refusal.code, message: refusal.message, target: refusal.target } };
}

/** Builds a refusal. */
export function refuse(code: string, status: Refusal['status'], target: string, message: string): Refusal {
  return { code, status, target, message };
}

/** Short display name of a VNet id (its name, or the id itself when it does not parse). */
export function displayName(vnetId: string): string {
  return tryParseVnetId(vnetId)?.name ?? vnetId;
}

/** Refusal for a subscription outside `SCOPE_SUBSCRIPTIONS`. */
export function outOfScope(vnetId: string, subscriptionId: string, target: string): Refusal {
  return refuse(
    'SubscriptionOutOfScope',
    403,
    target,
    `VNet ${vnetId} is in subscription ${subscriptionId}, which is not in SCOPE_SUBSCRIPTIONS: the app may only read and change VNets in its allowed subscriptions`,
  );
}

/** Refusal for a VNet that does not exist (ARM's `ResourceNotFound`, 404). */
export function vnetNotFound(vnetId: string, target: string): Refusal {
  const ref = tryParseVnetId(vnetId);
  const where = ref ? ` under resource group '${ref.resourceGroup}'` : '';
  return refuse('ResourceNotFound', 404, target, `The Resource 'Microsoft.Network/virtualNetworks/${displayName(vnetId)}'${where} was not found (${vnetId}).`);
}
