/**
 * `Microsoft.Network/networkSecurityGroups` with their security rules and the six default rules every NSG
 * carries (`AllowVnetInBound` … `DenyAllOutBound`), which the reachability evaluator (issue 5) reads through
 * {@link effectiveRules}.
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { inUseNetworkSecurityGroupCannotBeDeleted, locationRequired, notFound, resourceNotFound, securityRuleConflict, securityRuleInvalid } from '../errors.js';
import type { ArmResponse } from '../http.js';
import { idKey, resourceGroupId } from '../ids.js';
import type { NetworkSecurityGroup, SecurityRule } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { networkSecurityGroupSchema, securityRuleSchema, type SecurityRuleBody } from '../schemas/networkSecurityGroup.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { acceptedDelete, acceptedWrite, callerOf, checkPreconditions, newEtag, validateName, withFault } from './common.js';
import { page } from './paging.js';

const nsgPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}';
const nsgType = 'Microsoft.Network/networkSecurityGroups';

/** A security rule's properties as the evaluator reads them. */
export interface RuleProperties {
  protocol: string;
  access: 'Allow' | 'Deny';
  priority: number;
  direction: 'Inbound' | 'Outbound';
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  description?: string;
}

function defaultRule(name: string, direction: 'Inbound' | 'Outbound', priority: number, access: 'Allow' | 'Deny', source: string, destination: string, description: string): SecurityRule {
  return {
    name,
    properties: { description, protocol: '*', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: source, destinationAddressPrefix: destination, access, priority, direction },
  };
}

/** The default rules of every NSG (docs: network-security-groups-overview). */
export const defaultSecurityRules: readonly SecurityRule[] = [
  defaultRule('AllowVnetInBound', 'Inbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow inbound traffic from all VMs in VNET'),
  defaultRule('AllowAzureLoadBalancerInBound', 'Inbound', 65001, 'Allow', 'AzureLoadBalancer', '*', 'Allow inbound traffic from azure load balancer'),
  defaultRule('DenyAllInBound', 'Inbound', 65500, 'Deny', '*', '*', 'Deny all inbound traffic'),
  defaultRule('AllowVnetOutBound', 'Outbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow outbound traffic from all VMs to all VMs in VNET'),
  defaultRule('AllowInternetOutBound', 'Outbound', 65001, 'Allow', '*', 'Internet', 'Allow outbound traffic from all VMs to Internet'),
  defaultRule('DenyAllOutBound', 'Outbound', 65500, 'Deny', '*', '*', 'Deny all outbound traffic'),
];

/** User rules then default rules of one direction, by priority: the order Azure evaluates them in. */
export function effectiveRules(nsg: NetworkSecurityGroup, direction: 'Inbound' | 'Outbound'): Array<{ name: string; properties: RuleProperties }> {
  return [...nsg.securityRules, ...defaultSecurityRules]
    .map((r) => ({ name: r.name, properties: r.properties as unknown as RuleProperties }))
    .filter((r) => r.properties.direction === direction)
    .sort((a, b) => a.properties.priority - b.properties.priority);
}

function ruleToWire(nsg: NetworkSecurityGroup, rule: SecurityRule, collection: 'securityRules' | 'defaultSecurityRules', state: string): Record<string, unknown> {
  return {
    name: rule.name,
    id: `${nsg.id}/${collection}/${rule.name}`,
    etag: nsg.etag,
    type: `${nsgType}/${collection}`,
    properties: { provisioningState: state, ...rule.properties },
  };
}

/** An NSG as ARM returns it, with the subnets and NICs that use it. */
export function nsgToWire(env: EmulatorEnv, nsg: NetworkSecurityGroup): Record<string, unknown> {
  const key = idKey(nsg.id);
  const subnets = Object.values(env.store.state.virtualNetworks).flatMap((v) =>
    v.subnets.filter((s) => s.networkSecurityGroupId && idKey(s.networkSecurityGroupId) === key).map((s) => ({ id: `${v.id}/subnets/${s.name}` })),
  );
  const nics = Object.values(env.store.state.networkInterfaces)
    .filter((n) => n.networkSecurityGroupId && idKey(n.networkSecurityGroupId) === key)
    .map((n) => ({ id: n.id }));
  return {
    name: nsg.name,
    id: nsg.id,
    etag: nsg.etag,
    type: nsgType,
    location: nsg.location,
    ...(Object.keys(nsg.tags).length ? { tags: { ...nsg.tags } } : {}),
    properties: {
      provisioningState: nsg.provisioningState,
      resourceGuid: nsg.resourceGuid,
      securityRules: nsg.securityRules.map((r) => ruleToWire(nsg, r, 'securityRules', nsg.provisioningState)),
      defaultSecurityRules: defaultSecurityRules.map((r) => ruleToWire(nsg, r, 'defaultSecurityRules', 'Succeeded')),
      ...(subnets.length ? { subnets } : {}),
      ...(nics.length ? { networkInterfaces: nics } : {}),
      ...nsg.extra,
    },
  };
}

const protocols = ['tcp', 'udp', 'icmp', 'esp', 'ah', '*'];

/** Validates one rule body and returns the stored rule. */
export function buildRule(ruleId: string, name: string, body: SecurityRuleBody['properties']): SecurityRule {
  validateName(name, 80);
  const p = body;
  if (!protocols.includes(p.protocol.toLowerCase())) throw securityRuleInvalid(ruleId, `protocol '${p.protocol}' is not one of Tcp, Udp, Icmp, Esp, Ah, *`);
  if (!['allow', 'deny'].includes(p.access.toLowerCase())) throw securityRuleInvalid(ruleId, `access '${p.access}' is not Allow or Deny`);
  if (!['inbound', 'outbound'].includes(p.direction.toLowerCase())) throw securityRuleInvalid(ruleId, `direction '${p.direction}' is not Inbound or Outbound`);
  if (p.priority < 100 || p.priority > 4096) throw securityRuleInvalid(ruleId, `priority ${p.priority} is outside 100-4096`);
  const canonical = (value: string, options: string[]): string => options.find((o) => o.toLowerCase() === value.toLowerCase()) ?? value;
  const { provisioningState: _ignored, ...rest } = p;
  return {
    name,
    properties: {
      ...rest,
      protocol: canonical(p.protocol, ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*']),
      access: canonical(p.access, ['Allow', 'Deny']),
      direction: canonical(p.direction, ['Inbound', 'Outbound']),
      sourcePortRange: p.sourcePortRange ?? (p.sourcePortRanges ? undefined : '*'),
      destinationPortRange: p.destinationPortRange ?? (p.destinationPortRanges ? undefined : '*'),
    },
  };
}

function checkRuleConflicts(nsg: NetworkSecurityGroup, rules: readonly SecurityRule[]): void {
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i] as SecurityRule;
      const b = rules[j] as SecurityRule;
      if (a.properties.priority === b.properties.priority && a.properties.direction === b.properties.direction) {
        throw securityRuleConflict(`${nsg.id}/securityRules/${b.name}`, `${nsg.id}/securityRules/${a.name}`, Number(a.properties.priority), String(a.properties.direction));
      }
    }
  }
}

function nsgId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/Microsoft.Network/networkSecurityGroups/${p.networkSecurityGroupName}`;
}

function requireNsg({ params, env }: RouteContext): NetworkSecurityGroup {
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const nsg = env.store.nsg(nsgId(params));
  if (!nsg) throw resourceNotFound(nsgType, params.networkSecurityGroupName ?? '', params.resourceGroupName ?? '');
  return nsg;
}

function startWrite(ctx: RouteContext, nsg: NetworkSecurityGroup, resourceId: string, operationName: string, created: boolean, kind: 'write' | 'delete' = 'write') {
  return ctx.env.operations.start({
    caller: callerOf(ctx.req),
    kind,
    operationName,
    resourceId,
    subscriptionId: nsg.subscriptionId,
    location: nsg.location,
    provider: 'Microsoft.Network',
    created,
    settles: [nsg.id],
    ...withFault(ctx.req),
  });
}

function putNsg(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  validateName(params.networkSecurityGroupName ?? '', 80);
  const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const body = parseBody(networkSecurityGroupSchema, parseJson(req.rawBody));
  const id = nsgId({ ...params, resourceGroupName: group.name });
  const existing = env.store.nsg(id);
  checkPreconditions(req, existing?.etag, id);
  const location = existing?.location ?? body.location;
  if (!location) throw locationRequired();
  const rules = (body.properties?.securityRules ?? []).map((r) => buildRule(`${id}/securityRules/${r.name ?? ''}`, r.name ?? '', r.properties));
  const nsg: NetworkSecurityGroup = existing ?? {
    id,
    subscriptionId: group.subscriptionId,
    resourceGroup: group.name,
    name: params.networkSecurityGroupName ?? '',
    location,
    tags: {},
    securityRules: [],
    extra: {},
    etag: '',
    resourceGuid: env.rng.uuid(),
    provisioningState: 'Updating',
  };
  checkRuleConflicts(nsg, rules);
  nsg.securityRules = rules;
  nsg.tags = body.tags ?? {};
  nsg.extra = body.properties?.flushConnection !== undefined ? { flushConnection: body.properties.flushConnection } : {};
  nsg.etag = newEtag(env);
  nsg.provisioningState = 'Updating';
  env.store.put('networkSecurityGroups', nsg);
  const operation = startWrite(ctx, nsg, nsg.id, `${nsgType}/write`, !existing);
  return acceptedWrite(env, req, operation, !existing, nsgToWire(env, nsg));
}

function deleteNsg(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const nsg = env.store.nsg(nsgId(params));
  if (!nsg) return { status: 204 };
  const wire = nsgToWire(env, nsg).properties as { subnets?: Array<{ id: string }>; networkInterfaces?: Array<{ id: string }> };
  const user = wire.subnets?.[0] ?? wire.networkInterfaces?.[0];
  if (user) throw inUseNetworkSecurityGroupCannotBeDeleted(nsg.id, user.id);
  env.store.remove('networkSecurityGroups', nsg.id);
  const operation = startWrite(ctx, nsg, nsg.id, `${nsgType}/delete`, false, 'delete');
  return acceptedDelete(env, req, operation);
}

function putRule(ctx: RouteContext): ArmResponse {
  const nsg = requireNsg(ctx);
  const name = ctx.params.securityRuleName ?? '';
  const ruleId = `${nsg.id}/securityRules/${name}`;
  const body = parseBody(securityRuleSchema, parseJson(ctx.req.rawBody));
  const existing = nsg.securityRules.find((r) => r.name.toLowerCase() === name.toLowerCase());
  checkPreconditions(ctx.req, existing ? nsg.etag : undefined, ruleId);
  const rule = buildRule(ruleId, name, body.properties);
  const rules = [...nsg.securityRules.filter((r) => r !== existing), rule];
  checkRuleConflicts(nsg, rules);
  nsg.securityRules = rules;
  nsg.etag = newEtag(ctx.env);
  nsg.provisioningState = 'Updating';
  ctx.env.store.changed();
  const operation = startWrite(ctx, nsg, ruleId, `${nsgType}/securityRules/write`, !existing);
  return acceptedWrite(ctx.env, ctx.req, operation, !existing, ruleToWire(nsg, rule, 'securityRules', 'Updating'));
}

function deleteRule(ctx: RouteContext): ArmResponse {
  const nsg = requireNsg(ctx);
  const name = ctx.params.securityRuleName ?? '';
  const existing = nsg.securityRules.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!existing) return { status: 204 };
  nsg.securityRules = nsg.securityRules.filter((r) => r !== existing);
  nsg.etag = newEtag(ctx.env);
  nsg.provisioningState = 'Updating';
  ctx.env.store.changed();
  const operation = startWrite(ctx, nsg, `${nsg.id}/securityRules/${existing.name}`, `${nsgType}/securityRules/delete`, false, 'delete');
  return acceptedDelete(ctx.env, ctx.req, operation);
}

function findRule(nsg: NetworkSecurityGroup, rules: readonly SecurityRule[], collection: string, name: string): SecurityRule {
  const rule = rules.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!rule) throw notFound(`${nsg.id}/${collection}/${name}`);
  return rule;
}

const base = { provider: 'Microsoft.Network', resourceType: 'networkSecurityGroups' } as const;
const scope = (p: Record<string, string>) => nsgId(p);

export const networkSecurityGroupRoutes: Route[] = [
  { ...base, operationId: 'NetworkSecurityGroups_Get', method: 'GET', template: nsgPath, kind: 'read', permission: (p) => ({ action: `${nsgType}/read`, scope: scope(p) }), handle: (ctx) => { const nsg = requireNsg(ctx); return { status: 200, body: nsgToWire(ctx.env, nsg), headers: { etag: nsg.etag } }; } },
  { ...base, operationId: 'NetworkSecurityGroups_CreateOrUpdate', method: 'PUT', template: nsgPath, kind: 'write', permission: (p) => ({ action: `${nsgType}/write`, scope: scope(p) }), handle: putNsg },
  { ...base, operationId: 'NetworkSecurityGroups_Delete', method: 'DELETE', template: nsgPath, kind: 'delete', permission: (p) => ({ action: `${nsgType}/delete`, scope: scope(p) }), handle: deleteNsg },
  {
    ...base,
    operationId: 'NetworkSecurityGroups_List',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkSecurityGroups',
    kind: 'read',
    permission: (p) => ({ action: `${nsgType}/read`, scope: resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '') }),
    handle: ({ req, params, env }) => {
      const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      return { status: 200, body: page(env, req, env.store.list('networkSecurityGroups', group.subscriptionId, group.name), (n) => nsgToWire(env, n)) };
    },
  },
  {
    ...base,
    operationId: 'NetworkSecurityGroups_ListAll',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkSecurityGroups',
    kind: 'read',
    permission: (p) => ({ action: `${nsgType}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ req, params, env }) => ({ status: 200, body: page(env, req, env.store.list('networkSecurityGroups', params.subscriptionId ?? ''), (n) => nsgToWire(env, n)) }),
  },
  { ...base, operationId: 'SecurityRules_Get', method: 'GET', template: `${nsgPath}/securityRules/{securityRuleName}`, kind: 'read', permission: (p) => ({ action: `${nsgType}/securityRules/read`, scope: `${scope(p)}/securityRules/${p.securityRuleName}` }), handle: (ctx) => { const nsg = requireNsg(ctx); return { status: 200, body: ruleToWire(nsg, findRule(nsg, nsg.securityRules, 'securityRules', ctx.params.securityRuleName ?? ''), 'securityRules', nsg.provisioningState) }; } },
  { ...base, operationId: 'SecurityRules_List', method: 'GET', template: `${nsgPath}/securityRules`, kind: 'read', permission: (p) => ({ action: `${nsgType}/securityRules/read`, scope: scope(p) }), handle: (ctx) => { const nsg = requireNsg(ctx); return { status: 200, body: { value: nsg.securityRules.map((r) => ruleToWire(nsg, r, 'securityRules', nsg.provisioningState)) } }; } },
  { ...base, operationId: 'SecurityRules_CreateOrUpdate', method: 'PUT', template: `${nsgPath}/securityRules/{securityRuleName}`, kind: 'write', permission: (p) => ({ action: `${nsgType}/securityRules/write`, scope: `${scope(p)}/securityRules/${p.securityRuleName}` }), handle: putRule },
  { ...base, operationId: 'SecurityRules_Delete', method: 'DELETE', template: `${nsgPath}/securityRules/{securityRuleName}`, kind: 'delete', permission: (p) => ({ action: `${nsgType}/securityRules/delete`, scope: `${scope(p)}/securityRules/${p.securityRuleName}` }), handle: deleteRule },
  { ...base, operationId: 'DefaultSecurityRules_List', method: 'GET', template: `${nsgPath}/defaultSecurityRules`, kind: 'read', permission: (p) => ({ action: `${nsgType}/defaultSecurityRules/read`, scope: scope(p) }), handle: (ctx) => { const nsg = requireNsg(ctx); return { status: 200, body: { value: defaultSecurityRules.map((r) => ruleToWire(nsg, r, 'defaultSecurityRules', 'Succeeded')) } }; } },
  { ...base, operationId: 'DefaultSecurityRules_Get', method: 'GET', template: `${nsgPath}/defaultSecurityRules/{defaultSecurityRuleName}`, kind: 'read', permission: (p) => ({ action: `${nsgType}/defaultSecurityRules/read`, scope: `${scope(p)}/defaultSecurityRules/${p.defaultSecurityRuleName}` }), handle: (ctx) => { const nsg = requireNsg(ctx); return { status: 200, body: ruleToWire(nsg, findRule(nsg, defaultSecurityRules, 'defaultSecurityRules', ctx.params.defaultSecurityRuleName ?? ''), 'defaultSecurityRules', 'Succeeded') }; } },
];
