/**
 * `Microsoft.Compute/virtualMachines`: VMs from scenarios, or created with a PUT naming existing NICs (the
 * OS type from the OS disk or the image publisher); deleted with their NICs detached (not deleted, as
 * Azure's default `deleteOption: Detach`). The Network Watcher agent is a VM extension
 * (`Microsoft.Azure.NetworkWatcher`), installed with an extension PUT. Power state and the guest-OS firewall
 * are emulator-only facts (control API) that the reachability evaluator reads from the model.
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { invalidResourceReference, locationRequired, nicAttachedToAnotherVm, notFound, resourceNotFound, unsupportedVmExtension } from '../errors.js';
import type { ArmRequest, ArmResponse } from '../http.js';
import { resourceGroupId, sameId } from '../ids.js';
import type { VirtualMachine } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { virtualMachineSchema, vmExtensionSchema, type VirtualMachineBody } from '../schemas/virtualMachine.js';
import { acceptedDelete, acceptedWrite, callerOf, validateName, withFault } from './common.js';
import { page } from './paging.js';

const vmType = 'Microsoft.Compute/virtualMachines';
const vmPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}';

const powerStatus: Record<VirtualMachine['powerState'], { code: string; displayStatus: string }> = {
  running: { code: 'PowerState/running', displayStatus: 'VM running' },
  stopped: { code: 'PowerState/stopped', displayStatus: 'VM stopped' },
  deallocated: { code: 'PowerState/deallocated', displayStatus: 'VM deallocated' },
};

const networkWatcherPublisher = 'Microsoft.Azure.NetworkWatcher';
const defaultExtensionName = 'AzureNetworkWatcherExtension';

function extensions(vm: VirtualMachine): Array<Record<string, unknown>> {
  if (!vm.networkWatcherAgent) return [];
  const name = vm.networkWatcherExtensionName ?? defaultExtensionName;
  return [
    {
      name,
      id: `${vm.id}/extensions/${name}`,
      type: `${vmType}/extensions`,
      location: vm.location,
      properties: {
        publisher: networkWatcherPublisher,
        type: vm.osType === 'Windows' ? 'NetworkWatcherAgentWindows' : 'NetworkWatcherAgentLinux',
        typeHandlerVersion: '1.4',
        autoUpgradeMinorVersion: true,
        provisioningState: 'Succeeded',
      },
    },
  ];
}

function instanceView(vm: VirtualMachine): Record<string, unknown> {
  return {
    computerName: vm.computerName,
    osName: vm.osType === 'Windows' ? 'Windows Server 2022 Datacenter' : 'ubuntu',
    statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' }, { level: 'Info', ...powerStatus[vm.powerState] }],
    extensions: extensions(vm).map((e) => ({ name: e.name, type: (e.properties as { type: string }).type, statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info' }] })),
  };
}

/** A VM as ARM returns it; with `$expand=instanceView`, its power state and extension statuses. */
export function vmToWire(vm: VirtualMachine, expandInstanceView = false): Record<string, unknown> {
  return {
    name: vm.name,
    id: vm.id,
    type: vmType,
    location: vm.location,
    ...(Object.keys(vm.tags).length ? { tags: { ...vm.tags } } : {}),
    properties: {
      vmId: vm.vmId,
      hardwareProfile: { vmSize: vm.vmSize },
      storageProfile: { osDisk: { osType: vm.osType, name: `${vm.name}_OsDisk_1`, createOption: 'FromImage', caching: 'ReadWrite' } },
      osProfile: { computerName: vm.computerName, adminUsername: 'azureuser' },
      networkProfile: { networkInterfaces: vm.networkInterfaceIds.map((id, i) => ({ id, properties: { primary: i === 0 } })) },
      provisioningState: vm.provisioningState,
      ...(expandInstanceView ? { instanceView: instanceView(vm) } : {}),
    },
    resources: extensions(vm),
  };
}

function vmId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${vmType}/${p.vmName}`;
}

function requireVm({ params, env }: RouteContext): VirtualMachine {
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const vm = env.store.vm(vmId(params));
  if (!vm) throw resourceNotFound(vmType, params.vmName ?? '', params.resourceGroupName ?? '');
  return vm;
}

function osTypeOf(body: VirtualMachineBody): VirtualMachine['osType'] {
  const storage = body.properties.storageProfile;
  if (storage?.osDisk?.osType) return storage.osDisk.osType;
  return /windows/i.test(storage?.imageReference?.publisher ?? '') ? 'Windows' : 'Linux';
}

function startVmOperation(env: EmulatorEnv, req: ArmRequest, vm: VirtualMachine, kind: 'write' | 'delete', operationName: string, resourceId: string, created: boolean) {
  return env.operations.start({
    caller: callerOf(req),
    kind,
    operationName,
    resourceId,
    subscriptionId: vm.subscriptionId,
    location: vm.location,
    provider: 'Microsoft.Compute',
    created,
    ...(kind === 'write' ? { settles: [vm.id] } : {}),
    ...withFault(req),
  });
}

/** Creates or updates a VM on existing, unattached NICs. */
function putVm({ req, params, env }: RouteContext): ArmResponse {
  validateName(params.vmName ?? '', 64);
  const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const body = parseBody(virtualMachineSchema, parseJson(req.rawBody));
  const id = vmId({ ...params, resourceGroupName: group.name });
  const existing = env.store.vm(id);
  const location = existing?.location ?? body.location;
  if (!location) throw locationRequired();
  const nics = body.properties.networkProfile.networkInterfaces.map((ref) => {
    const nic = env.store.nic(ref.id);
    if (!nic) throw invalidResourceReference(ref.id, id);
    if (nic.virtualMachineId && !sameId(nic.virtualMachineId, id)) throw nicAttachedToAnotherVm(nic.id, nic.virtualMachineId);
    return { nic, primary: ref.properties?.primary ?? false };
  });
  // The primary NIC first (the one connectivity checks use).
  nics.sort((a, b) => Number(b.primary) - Number(a.primary));
  const osType = existing?.osType ?? osTypeOf(body);
  const vm: VirtualMachine = existing ?? {
    id,
    subscriptionId: group.subscriptionId,
    resourceGroup: group.name,
    name: params.vmName ?? '',
    location,
    tags: {},
    vmId: env.rng.uuid(),
    vmSize: 'Standard_B2s',
    osType,
    computerName: (body.properties.osProfile?.computerName ?? params.vmName ?? '').slice(0, 15),
    networkInterfaceIds: [],
    powerState: 'running',
    networkWatcherAgent: false,
    guestFirewall: { blockIcmp: osType === 'Windows' },
    provisioningState: 'Updating',
  };
  for (const oldId of vm.networkInterfaceIds) {
    const old = env.store.nic(oldId);
    if (old && !nics.some(({ nic }) => sameId(nic.id, oldId))) delete old.virtualMachineId;
  }
  for (const { nic } of nics) nic.virtualMachineId = id;
  vm.networkInterfaceIds = nics.map(({ nic }) => nic.id);
  vm.vmSize = body.properties.hardwareProfile?.vmSize ?? vm.vmSize;
  vm.tags = body.tags ?? {};
  vm.provisioningState = 'Updating';
  env.store.put('virtualMachines', vm);
  const operation = startVmOperation(env, req, vm, 'write', `${vmType}/write`, vm.id, !existing);
  return acceptedWrite(env, req, operation, !existing, vmToWire(vm));
}

/** Deletes a VM; its NICs stay, detached. */
function deleteVm({ req, params, env }: RouteContext): ArmResponse {
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const vm = env.store.vm(vmId(params));
  if (!vm) return { status: 204 };
  for (const nicId of vm.networkInterfaceIds) {
    const nic = env.store.nic(nicId);
    if (nic) delete nic.virtualMachineId;
  }
  env.store.remove('virtualMachines', vm.id);
  return acceptedDelete(env, req, startVmOperation(env, req, vm, 'delete', `${vmType}/delete`, vm.id, false));
}

/** Installs the Network Watcher agent (the only extension the emulator models). */
function putExtension(ctx: RouteContext): ArmResponse {
  const { req, params, env } = ctx;
  const vm = requireVm(ctx);
  const name = params.vmExtensionName ?? '';
  validateName(name, 64);
  const body = parseBody(vmExtensionSchema, parseJson(req.rawBody));
  if (body.properties.publisher.toLowerCase() !== networkWatcherPublisher.toLowerCase()) throw unsupportedVmExtension(body.properties.publisher, body.properties.type);
  const existed = vm.networkWatcherAgent && (vm.networkWatcherExtensionName ?? defaultExtensionName).toLowerCase() === name.toLowerCase();
  vm.networkWatcherAgent = true;
  vm.networkWatcherExtensionName = name;
  env.store.changed();
  const operation = startVmOperation(env, req, vm, 'write', `${vmType}/extensions/write`, `${vm.id}/extensions/${name}`, !existed);
  return acceptedWrite(env, req, operation, !existed, extensions(vm)[0]);
}

function requireExtension(ctx: RouteContext): { vm: VirtualMachine; extension: Record<string, unknown> } {
  const vm = requireVm(ctx);
  const extension = extensions(vm).find((e) => String(e.name).toLowerCase() === (ctx.params.vmExtensionName ?? '').toLowerCase());
  if (!extension) throw notFound(`${vm.id}/extensions/${ctx.params.vmExtensionName}`);
  return { vm, extension };
}

function deleteExtension(ctx: RouteContext): ArmResponse {
  const vm = requireVm(ctx);
  const present = extensions(vm).some((e) => String(e.name).toLowerCase() === (ctx.params.vmExtensionName ?? '').toLowerCase());
  if (!present) return { status: 204 };
  vm.networkWatcherAgent = false;
  delete vm.networkWatcherExtensionName;
  ctx.env.store.changed();
  return acceptedDelete(ctx.env, ctx.req, startVmOperation(ctx.env, ctx.req, vm, 'delete', `${vmType}/extensions/delete`, `${vm.id}/extensions/${ctx.params.vmExtensionName}`, false));
}

const base = { provider: 'Microsoft.Compute', resourceType: 'virtualMachines', kind: 'read', method: 'GET' } as const;
const extensionPath = `${vmPath}/extensions/{vmExtensionName}`;

export const virtualMachineRoutes: Route[] = [
  { ...base, operationId: 'VirtualMachines_CreateOrUpdate', method: 'PUT', kind: 'write', template: vmPath, permission: (p) => ({ action: `${vmType}/write`, scope: vmId(p) }), handle: putVm },
  { ...base, operationId: 'VirtualMachines_Delete', method: 'DELETE', kind: 'delete', template: vmPath, permission: (p) => ({ action: `${vmType}/delete`, scope: vmId(p) }), handle: deleteVm },
  { ...base, operationId: 'VirtualMachineExtensions_CreateOrUpdate', method: 'PUT', kind: 'write', template: extensionPath, permission: (p) => ({ action: `${vmType}/extensions/write`, scope: `${vmId(p)}/extensions/${p.vmExtensionName}` }), handle: putExtension },
  { ...base, operationId: 'VirtualMachineExtensions_Delete', method: 'DELETE', kind: 'delete', template: extensionPath, permission: (p) => ({ action: `${vmType}/extensions/delete`, scope: `${vmId(p)}/extensions/${p.vmExtensionName}` }), handle: deleteExtension },
  {
    ...base,
    operationId: 'VirtualMachineExtensions_Get',
    template: extensionPath,
    permission: (p) => ({ action: `${vmType}/extensions/read`, scope: `${vmId(p)}/extensions/${p.vmExtensionName}` }),
    handle: (ctx) => ({ status: 200, body: requireExtension(ctx).extension }),
  },
  {
    ...base,
    operationId: 'VirtualMachines_Get',
    template: vmPath,
    permission: (p) => ({ action: `${vmType}/read`, scope: vmId(p) }),
    handle: (ctx) => ({ status: 200, body: vmToWire(requireVm(ctx), (ctx.req.query.get('$expand') ?? '').toLowerCase() === 'instanceview') }),
  },
  {
    ...base,
    operationId: 'VirtualMachines_InstanceView',
    template: `${vmPath}/instanceView`,
    permission: (p) => ({ action: `${vmType}/read`, scope: vmId(p) }),
    handle: (ctx) => ({ status: 200, body: instanceView(requireVm(ctx)) }),
  },
  {
    ...base,
    operationId: 'VirtualMachineExtensions_List',
    template: `${vmPath}/extensions`,
    permission: (p) => ({ action: `${vmType}/extensions/read`, scope: vmId(p) }),
    handle: (ctx) => ({ status: 200, body: { value: extensions(requireVm(ctx)) } }),
  },
  {
    ...base,
    operationId: 'VirtualMachines_List',
    template: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines',
    permission: (p) => ({ action: `${vmType}/read`, scope: resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '') }),
    handle: ({ req, params, env }) => {
      const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      return { status: 200, body: page(env, req, env.store.list('virtualMachines', group.subscriptionId, group.name), (vm) => vmToWire(vm)) };
    },
  },
  {
    ...base,
    operationId: 'VirtualMachines_ListAll',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines',
    permission: (p) => ({ action: `${vmType}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ req, params, env }) => ({ status: 200, body: page(env, req, env.store.list('virtualMachines', params.subscriptionId ?? ''), (vm) => vmToWire(vm)) }),
  },
];
