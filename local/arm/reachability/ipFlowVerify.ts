/**
 * Network Watcher IP flow verify: whether the NSGs on a VM's NIC and subnet allow a 5-tuple in one
 * direction, and which rule decided (`securityRules/<name>` or `defaultSecurityRules/<name>`, as Azure
 * names them). No NSG on either: allowed, no rule.
 */
import { parseIpv4 } from '../cidr.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import { invalidRequestFormat, invalidResourceReference } from '../errors.js';
import { sameId } from '../ids.js';
import type { IpFlowParameters } from '../schemas/networkWatcher.js';
import { vmEndpoint, type Endpoint } from './endpoints.js';
import type { Flow } from './flow.js';
import { evaluateSide, type RuleVerdict } from './securityRules.js';

/** `VerificationIPFlowResult`. */
export interface IpFlowResult {
  access: 'Allow' | 'Deny';
  ruleName?: string;
}

function port(value: string, field: string): number | undefined {
  if (value.trim() === '*') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw invalidRequestFormat('InvalidPort', `${field} '${value}' is not a port (0-65535) or '*'. Path '${field}'.`);
  return n;
}

function address(value: string, field: string): number {
  const n = parseIpv4(value);
  if (n === undefined) throw invalidRequestFormat('InvalidIPAddress', `${field} '${value}' is not an IPv4 address. Path '${field}'.`);
  return n;
}

function ruleName(verdict: RuleVerdict): string {
  return `${verdict.isDefault ? 'defaultSecurityRules' : 'securityRules'}/${verdict.ruleName}`;
}

/** Evaluates an IP flow verify request against the model. */
export function verifyIpFlow(env: EmulatorEnv, params: IpFlowParameters): IpFlowResult {
  const vm = env.store.vm(params.targetResourceId);
  if (!vm) throw invalidResourceReference(params.targetResourceId, 'the IP flow verify target');
  const direction = params.direction.toLowerCase() === 'outbound' ? 'Outbound' : params.direction.toLowerCase() === 'inbound' ? 'Inbound' : undefined;
  if (!direction) throw invalidRequestFormat('InvalidDirection', `direction '${params.direction}' is not Inbound or Outbound. Path 'direction'.`);
  const protocol = params.protocol.toUpperCase() === 'UDP' ? 'Udp' : params.protocol.toUpperCase() === 'TCP' ? 'Tcp' : undefined;
  if (!protocol) throw invalidRequestFormat('InvalidProtocol', `protocol '${params.protocol}' is not TCP or UDP. Path 'protocol'.`);
  let endpoint: Endpoint | undefined = vmEndpoint(env, vm);
  if (params.targetNicResourceId) {
    const nicId = params.targetNicResourceId;
    if (!vm.networkInterfaceIds.some((id) => sameId(id, nicId))) throw invalidResourceReference(nicId, `virtual machine ${vm.id}`);
    endpoint = endpoint && sameId(endpoint.nic.id, nicId) ? endpoint : undefined;
  }
  if (!endpoint) throw invalidResourceReference(params.targetNicResourceId ?? vm.id, 'the IP flow verify target (no NIC in an existing subnet)');
  const local = address(params.localIPAddress, 'localIPAddress');
  const remote = address(params.remoteIPAddress, 'remoteIPAddress');
  if (local !== endpoint.addressValue) throw invalidRequestFormat('InvalidLocalIPAddress', `localIPAddress ${params.localIPAddress} is not an address of ${endpoint.nic.id} (${endpoint.address}). Path 'localIPAddress'.`);
  const localPort = port(params.localPort, 'localPort');
  const remotePort = port(params.remotePort, 'remotePort');
  const flow: Flow =
    direction === 'Inbound'
      ? { protocol, sourceAddress: remote, destinationAddress: local, ...(remotePort !== undefined ? { sourcePort: remotePort } : {}), ...(localPort !== undefined ? { destinationPort: localPort } : {}) }
      : { protocol, sourceAddress: local, destinationAddress: remote, ...(localPort !== undefined ? { sourcePort: localPort } : {}), ...(remotePort !== undefined ? { destinationPort: remotePort } : {}) };
  const verdict = evaluateSide(env.store, endpoint, direction, flow);
  if (verdict.denied) return { access: 'Deny', ruleName: ruleName(verdict.denied) };
  const decisive = verdict.allowed[verdict.allowed.length - 1];
  return decisive ? { access: 'Allow', ruleName: ruleName(decisive) } : { access: 'Allow' };
}
