/**
 * `Microsoft.Compute/virtualMachines`, read-only: VMs come from scenarios and the control API. A VM has NICs,
 * a power state, the Network Watcher agent extension (or not) and a guest-OS firewall — the last three are
 * emulator-only facts that the reachability evaluator (issue 5) reads from the model.
 */
import { resourceNotFound } from '../errors.js';
import { resourceGroupId } from '../ids.js';
import type { VirtualMachine } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { page } from './paging.js';

const vmType = 'Microsoft.Compute/virtualMachines';
const vmPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}';

const powerStatus: Record<VirtualMachine['powerState'], { code: string; displayStatus: string }> = {
  running: { code: 'PowerState/running', displayStatus: 'VM running' },
  stopped: { code: 'PowerState/stopped', displayStatus: 'VM stopped' },
  deallocated: { code: 'PowerState/deallocated', displayStatus: 'VM deallocated' },
};

function extensions(vm: VirtualMachine): Array<Record<string, unknown>> {
  if (!vm.networkWatcherAgent) return [];
  return [
    {
      name: 'AzureNetworkWatcherExtension',
      id: `${vm.id}/extensions/AzureNetworkWatcherExtension`,
      type: `${vmType}/extensions`,
      location: vm.location,
      properties: {
        publisher: 'Microsoft.Azure.NetworkWatcher',
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

const base = { provider: 'Microsoft.Compute', resourceType: 'virtualMachines', kind: 'read', method: 'GET' } as const;

export const virtualMachineRoutes: Route[] = [
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
