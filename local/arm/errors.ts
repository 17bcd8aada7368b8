/**
 * ARM's errors: one class, and one factory function per real ARM error code, with ARM's status and message
 * template (sources in `../shared/research/azure-semantics.md`). Handlers throw these; the pipeline turns
 * them into `{ error: { code, message, details } }` — the shape `@azure/core-client` and core-lro read.
 */

/** One detail entry of an ARM error body. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** An ARM error: HTTP status, ARM code, message, optional details and extra response headers. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ArmErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The wire body. */
  toBody(): { error: { code: string; message: string; details: ArmErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** Whether a value is an {@link ArmError} (also across duplicate module copies). */
export function isArmError(value: unknown): value is ArmError {
  return value instanceof ArmError || (value instanceof Error && value.name === 'ArmError');
}

// ---- request shape ----

export function missingApiVersion(): ArmError {
  return new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
}

export function noRegisteredProviderFound(apiVersion: string, type: string, supported: readonly string[]): ArmError {
  return new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'.`,
  );
}

export function invalidResourceType(type: string, namespace: string): ArmError {
  return new ArmError(400, 'InvalidResourceType', `The resource type '${type}' could not be found in the namespace '${namespace}' for the requested api version.`);
}

export function invalidRequestFormat(detailCode: string, detailMessage: string): ArmError {
  return new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request.', [{ code: detailCode, message: detailMessage }]);
}

export function invalidResourceName(name: string, maxLength: number): ArmError {
  return new ArmError(
    400,
    'InvalidResourceName',
    `Resource name ${name} is invalid. The name can be up to ${maxLength} characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
  );
}

export function locationRequired(): ArmError {
  return new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
}

export function invalidAddressPrefix(prefix: string, resourceId: string): ArmError {
  return new ArmError(400, 'InvalidAddressPrefixFormat', `Address prefix ${prefix} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`);
}

export function invalidResourceReference(reference: string, resourceId: string): ArmError {
  return new ArmError(400, 'InvalidResourceReference', `Resource ${reference} referenced by resource ${resourceId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`);
}

// ---- not found ----

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

/** ARM-level 404 for a top-level resource (header `x-ms-failure-cause: gateway`, as ARM sends). */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    [],
    { 'x-ms-failure-cause': 'gateway' },
  );
}

/** Resource-provider-level 404 for a child resource (a peering, a subnet, a security rule). */
export function notFound(resourceId: string): ArmError {
  return new ArmError(404, 'NotFound', `Resource ${resourceId} not found.`);
}

export function operationNotFound(operationId: string): ArmError {
  return new ArmError(404, 'NotFound', `Operation ${operationId} not found.`);
}

// ---- authentication and authorization ----

export function authenticationMissing(): ArmError {
  return new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
}

export function invalidAuthenticationToken(reason: string): ArmError {
  return new ArmError(401, 'InvalidAuthenticationToken', `The access token is invalid: ${reason}.`);
}

export function expiredAuthenticationToken(): ArmError {
  return new ArmError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.');
}

export function authorizationFailed(principalId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${principalId}' with object id '${principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function linkedAuthorizationFailed(principalId: string, action: string, scope: string, linkedAction: string, linkedScope: string): ArmError {
  return new ArmError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${principalId}' with object id '${principalId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action(s) '${linkedAction}' on the linked scope(s) '${linkedScope}' (respectively) or the linked scope(s) are invalid.`,
  );
}

// ---- concurrency and preconditions ----

export function anotherOperationInProgress(statusUrl: string): ArmError {
  return new ArmError(
    409,
    'AnotherOperationInProgress',
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${statusUrl}.`,
  );
}

export function referencedResourceNotProvisioned(referencedId: string, byId: string, state: string, operationName: string): ArmError {
  return new ArmError(
    400,
    'ReferencedResourceNotProvisioned',
    `Cannot proceed with operation because resource ${referencedId} used by resource ${byId} is not in Succeeded state. Resource is in ${state} state and the last operation that updated/is updating the resource is ${operationName}.`,
  );
}

export function preconditionFailed(resourceId: string): ArmError {
  return new ArmError(412, 'PreconditionFailed', `The condition specified by the If-Match/If-None-Match header was not met for resource ${resourceId}.`);
}

// ---- peerings ----

export function vnetAddressSpacesOverlap(peeringId: string, vnetA: string, vnetB: string, overlapping: readonly string[]): ArmError {
  return new ArmError(
    400,
    'VnetAddressSpacesOverlap',
    `Cannot create or update peering ${peeringId}. Virtual networks ${vnetA} and ${vnetB} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlapping.join(', ')}`,
  );
}

export function vnetAddressSpaceOverlapsWithAlreadyPeeredVnet(peeringId: string, first: string, second: string, third: string, overlapping: readonly string[]): ArmError {
  return new ArmError(
    400,
    'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
    `Cannot create or update peering ${peeringId}. Virtual networks ${first} and ${second} cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${third} already peered with the second virtual network. Overlapping address prefixes: ${overlapping.join(', ')}. For more information please refer to https://aka.ms/VnetPeeringInfo`,
  );
}

export function cannotPeerWithItself(peeringId: string, vnetId: string): ArmError {
  return new ArmError(400, 'CannotPeerVirtualNetworkWithItself', `Cannot create or update peering ${peeringId}. Virtual network ${vnetId} cannot be peered with itself.`);
}

export function remotePeeringIsDisconnected(peeringId: string, remotePeeringId: string, vnetId: string): ArmError {
  return new ArmError(
    400,
    'RemotePeeringIsDisconnected',
    `Cannot create or update peering ${peeringId} because remote peering ${remotePeeringId} referencing parent virtual network ${vnetId} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Connected when created from both virtual networks.`,
  );
}

export function remoteVnetHasNoGateways(peeringId: string, remoteVnetId: string): ArmError {
  return new ArmError(
    400,
    'RemoteVnetHasNoGateways',
    `Peering ${peeringId} cannot have UseRemoteGateway flag set to true because remote virtual network ${remoteVnetId} referenced by the peering does not have any gateways.`,
  );
}

export function changingRemoteVirtualNetworkNotAllowed(peeringId: string): ArmError {
  return new ArmError(400, 'ChangingRemoteVirtualNetworkNotAllowed', `Changing remote virtual network of peering ${peeringId} is not allowed. Delete the peering and create it again.`);
}

export function remoteVirtualNetworkRequired(peeringId: string): ArmError {
  return new ArmError(400, 'InvalidRequestFormat', `Peering ${peeringId} must specify properties.remoteVirtualNetwork.id.`, [
    { code: 'MissingRequiredProperty', message: 'properties.remoteVirtualNetwork.id is required.', target: 'properties.remoteVirtualNetwork.id' },
  ]);
}

// ---- address spaces and subnets ----

export function vnetAddressSpaceCannotChangeDueToPeerings(vnetId: string): ArmError {
  return new ArmError(400, 'VnetAddressSpaceCannotChangeDueToPeerings', `Address space of the virtual network ${vnetId} cannot change when virtual network has peerings.`);
}

export function subnetRangeOutsideVnet(subnet: string, vnet: string): ArmError {
  return new ArmError(400, 'NetcfgSubnetRangeOutsideVnet', `Subnet '${subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet}'.`);
}

export function subnetRangesOverlap(subnetA: string, subnetB: string): ArmError {
  return new ArmError(400, 'NetcfgSubnetRangesOverlap', `Subnet '${subnetA}' is not valid because its IP address range overlaps with that of an existing subnet '${subnetB}' in virtual network.`);
}

export function inUseSubnetCannotBeDeleted(subnetId: string, ipConfigurationId: string): ArmError {
  return new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnetId} is in use by ${ipConfigurationId} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

export function inUsePrefixCannotBeDeleted(prefix: string, subnet: string): ArmError {
  return new ArmError(400, 'InUsePrefixCannotBeDeleted', `IpPrefix ${prefix} on Subnet ${subnet} has active allocations and cannot be deleted.`);
}

export function overlapsWithPeeredVnet(vnetId: string, peerId: string, overlapping: readonly string[]): ArmError {
  return new ArmError(
    400,
    'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
    `Address space of virtual network ${vnetId} cannot be updated because it overlaps with address space of virtual network ${peerId} already peered with it. Overlapping address prefixes: ${overlapping.join(', ')}.`,
  );
}

export function privateIpAddressInUse(address: string, subnetId: string): ArmError {
  return new ArmError(400, 'PrivateIPAddressInUse', `IP configuration is using the private IP address ${address} which is already allocated to another resource in subnet ${subnetId}.`);
}

export function privateIpAddressNotInSubnet(address: string, subnetId: string): ArmError {
  return new ArmError(400, 'PrivateIPAddressNotInSubnet', `Private static IP address ${address} does not belong to the range of subnet prefix ${subnetId}.`);
}

export function nicInUse(nicId: string, vmId: string): ArmError {
  return new ArmError(400, 'NicInUse', `Network Interface ${nicId} is used by existing resource ${vmId}. In order to delete the network interface, it must be dissociated from the resource.`);
}

export function inUseNetworkSecurityGroupCannotBeDeleted(nsgId: string, byId: string): ArmError {
  return new ArmError(400, 'InUseNetworkSecurityGroupCannotBeDeleted', `Network security group ${nsgId} cannot be deleted because it is in use by the following resources: ${byId}.`);
}

export function securityRuleInvalid(ruleId: string, problem: string): ArmError {
  return new ArmError(400, 'SecurityRuleInvalidParameter', `Security rule ${ruleId} is invalid: ${problem}.`);
}

export function securityRuleConflict(ruleId: string, otherId: string, priority: number, direction: string): ArmError {
  return new ArmError(
    400,
    'SecurityRuleConflict',
    `Security rule ${ruleId} conflicts with rule ${otherId}. Rules cannot have the same Priority (${priority}) and Direction (${direction}).`,
  );
}

// ---- faults ----

export function tooManyRequests(retryAfterSeconds: number): ArmError {
  return new ArmError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. For more information, see - https://aka.ms/srpthrottlinglimits', [], {
    'retry-after': String(retryAfterSeconds),
  });
}

export function internalServerError(): ArmError {
  return new ArmError(500, 'InternalServerError', 'Encountered internal server error. Diagnostic information: emulator fault injection.');
}

/** Any status and code chosen by a fault rule. */
export function injected(status: number, code: string, message: string): ArmError {
  return new ArmError(status, code, message);
}

// ---- Network Watcher and Compute ----

export function networkWatcherCountLimitReached(region: string, existingId: string): ArmError {
  return new ArmError(400, 'NetworkWatcherCountLimitReached', `Cannot create more than 1 network watchers for this subscription in this region (${region}); ${existingId} already exists.`);
}

/** The Network Watcher must be in the source VM's region (code **unconfirmed**). */
export function networkWatcherRegionMismatch(watcherId: string, watcherRegion: string, sourceId: string, sourceRegion: string): ArmError {
  return new ArmError(400, 'InvalidSourceLocation', `Network watcher ${watcherId} is in ${watcherRegion}, but the source ${sourceId} is in ${sourceRegion}: use the network watcher of the source's region.`);
}

/** A connectivity check from a VM that is not running (code **unconfirmed**). */
export function sourceVmNotRunning(vmId: string, powerState: string): ArmError {
  return new ArmError(400, 'VmNotRunning', `Virtual machine ${vmId} is ${powerState}: a connectivity check needs a running source VM. Start the VM and run the check again.`);
}

/** A connectivity check from a VM without the Network Watcher agent extension (code **unconfirmed**). */
export function networkWatcherAgentNotInstalled(vmId: string): ArmError {
  return new ArmError(
    400,
    'NetworkWatcherAgentNotInstalled',
    `The Network Watcher agent VM extension (AzureNetworkWatcherExtension, publisher Microsoft.Azure.NetworkWatcher) is not installed on virtual machine ${vmId}. Install it and run the check again.`,
  );
}

/** A connectivity source the emulator cannot model (scale sets, gateways, Bastion…). */
export function unsupportedConnectivitySource(resourceId: string): ArmError {
  return new ArmError(400, 'InvalidSource', `The source ${resourceId} is not a virtual machine: the emulator checks connectivity from virtual machines only.`);
}

/** A VM PUT naming a NIC that is attached to another VM (code **unconfirmed**). */
export function nicAttachedToAnotherVm(nicId: string, vmId: string): ArmError {
  return new ArmError(400, 'NicInUseByAnotherVm', `Network interface ${nicId} is attached to virtual machine ${vmId}; detach it first.`);
}

/** A VM extension the emulator does not model. */
export function unsupportedVmExtension(publisher: string, type: string): ArmError {
  return new ArmError(400, 'VMExtensionNotSupported', `The emulator models only the Network Watcher agent extension (publisher Microsoft.Azure.NetworkWatcher); '${publisher}/${type}' is not supported.`);
}

// ---- Event Grid ----

/** An event subscription body the emulator cannot serve (destination type, invalid filter …). */
export function invalidEventSubscription(name: string, problem: string): ArmError {
  return new ArmError(400, 'InvalidRequest', `Event subscription ${name}: ${problem}`);
}
