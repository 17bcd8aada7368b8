/**
 * The commands of the portal CLI (`az.ts` documents them): parsing, the real `@azure/arm-network` client
 * signed in as the portal principal, raw ARM calls for Microsoft.Compute, one-line results. {@link runAz}
 * runs one command and returns the exit code, so tests can drive the CLI in-process.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { NetworkManagementClient } from '@azure/arm-network';
import { EmulatorCredential } from '../auth/emulatorCredential.js';
import { ArmControlClient } from '../controlClient.js';
import { formatConnectivity, formatNic, formatPeering, formatRule, formatSubnet, formatVnet } from './azFormat.js';
import { ArmCallError, RawArmClient } from './rawArm.js';

/** The usage text: the header comment of `az.ts`. */
function helpText(): string {
  return readFileSync(new URL('./az.js', import.meta.url), 'utf8').split('*/')[0]?.replace(/^\/\*\*|^ \* ?/gm, '') ?? '';
}
const computeApiVersion = '2024-07-01';

/** A usage error (exit 2). */
class UsageError extends Error {}

const options = {
  emulator: { type: 'string' },
  subscription: { type: 'string' },
  'resource-group': { type: 'string', short: 'g' },
  name: { type: 'string', short: 'n' },
  vnet: { type: 'string' },
  subnet: { type: 'string' },
  nsg: { type: 'string' },
  id: { type: 'string' },
  prefixes: { type: 'string' },
  prefix: { type: 'string' },
  tags: { type: 'string' },
  'remote-vnet': { type: 'string' },
  'no-vnet-access': { type: 'boolean' },
  forwarded: { type: 'boolean' },
  'gateway-transit': { type: 'boolean' },
  'remote-gateways': { type: 'boolean' },
  priority: { type: 'string' },
  direction: { type: 'string' },
  access: { type: 'string' },
  protocol: { type: 'string' },
  source: { type: 'string' },
  destination: { type: 'string' },
  dest: { type: 'string' },
  'dest-address': { type: 'string' },
  port: { type: 'string' },
  'block-icmp': { type: 'string' },
  'open-tcp': { type: 'string' },
  'os-type': { type: 'string' },
  'private-ip': { type: 'string' },
  'no-watcher-agent': { type: 'boolean' },
  state: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** What a command prints: one line, or the object with `--json`. */
interface Result {
  line: string;
  json: unknown;
}

/** What every command gets. */
interface Context {
  values: Values;
  subscription: string;
  network: NetworkManagementClient;
  compute: RawArmClient;
  control: ArmControlClient;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`missing ${flag}`);
  return value;
}

function parseTags(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--tags wants key=value pairs, got '${pair}'`);
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

function group(ctx: Context): string {
  return need(ctx.values['resource-group'], '-g RESOURCE_GROUP');
}

/** A VM id from `--id`, `-g RG -n NAME`, or a `RG/NAME` / id reference. */
function vmRef(ctx: Context, reference?: string): string {
  const ref = reference ?? ctx.values.id ?? (ctx.values['resource-group'] && ctx.values.name ? `${ctx.values['resource-group']}/${ctx.values.name}` : undefined);
  if (!ref) throw new UsageError('name the VM: --id VM_ID, or -g RESOURCE_GROUP -n VM');
  if (ref.startsWith('/')) return ref;
  const [rg, name] = ref.split('/');
  if (!rg || !name) throw new UsageError(`'${ref}' is neither a VM id nor RESOURCE_GROUP/NAME`);
  return `/subscriptions/${ctx.subscription}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

function nameOf(id: string): string {
  return id.split('/').pop() ?? id;
}

async function putVnet(ctx: Context, change: (prefixes: string[]) => string[]): Promise<Result> {
  const vnet = await ctx.network.virtualNetworks.get(group(ctx), need(ctx.values.name, '-n VNET'));
  vnet.addressSpace = { addressPrefixes: change(vnet.addressSpace?.addressPrefixes ?? []) };
  const updated = await ctx.network.virtualNetworks.createOrUpdate(group(ctx), vnet.name ?? '', vnet, { requestOptions: { headers: { 'if-match': vnet.etag ?? '*' } } });
  return { line: formatVnet(updated), json: updated };
}

const commands: Record<string, (ctx: Context) => Promise<Result>> = {
  'vnet show': async (ctx) => {
    const vnet = await ctx.network.virtualNetworks.get(group(ctx), need(ctx.values.name, '-n VNET'));
    return { line: formatVnet(vnet), json: vnet };
  },
  'vnet list': async (ctx) => {
    const out = [];
    const pages = ctx.values['resource-group'] ? ctx.network.virtualNetworks.list(ctx.values['resource-group']) : ctx.network.virtualNetworks.listAll();
    for await (const vnet of pages) out.push(vnet);
    return { line: out.map(formatVnet).join('\n') || '(no VNets)', json: out };
  },
  'vnet set-address-space': (ctx) => putVnet(ctx, () => need(ctx.values.prefixes, '--prefixes').split(',').map((p) => p.trim())),
  'vnet address-add': (ctx) => putVnet(ctx, (prefixes) => [...prefixes, need(ctx.values.prefix, '--prefix PREFIX').trim()]),
  'vnet tag': async (ctx) => {
    const name = need(ctx.values.name, '-n VNET');
    const current = await ctx.network.virtualNetworks.get(group(ctx), name);
    const merged: Record<string, string> = { ...(current.tags ?? {}) };
    for (const [key, value] of Object.entries(parseTags(need(ctx.values.tags, '--tags key=value')))) {
      if (value === '') delete merged[key];
      else merged[key] = value;
    }
    const updated = await ctx.network.virtualNetworks.updateTags(group(ctx), name, { tags: merged });
    return { line: formatVnet(updated), json: updated };
  },
  'subnet create': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const subnet = await ctx.network.subnets.createOrUpdate(group(ctx), vnetName, need(ctx.values.name, '-n SUBNET'), {
      addressPrefix: need(ctx.values.prefix, '--prefix PREFIX'),
      ...(ctx.values.nsg ? { networkSecurityGroup: { id: ctx.values.nsg } } : {}),
    });
    return { line: formatSubnet(vnetName, subnet), json: subnet };
  },
  'subnet delete': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const name = need(ctx.values.name, '-n SUBNET');
    await ctx.network.subnets.delete(group(ctx), vnetName, name);
    return { line: `deleted subnet ${name} of ${vnetName}`, json: { deleted: `${vnetName}/${name}` } };
  },
  'peering list': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const out = [];
    for await (const peering of ctx.network.virtualNetworkPeerings.list(group(ctx), vnetName)) out.push(peering);
    return { line: out.map((p) => formatPeering(vnetName, p)).join('\n') || `(no peerings on ${vnetName})`, json: out };
  },
  'peering create': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const peering = await ctx.network.virtualNetworkPeerings.createOrUpdate(group(ctx), vnetName, need(ctx.values.name, '-n PEERING'), {
      remoteVirtualNetwork: { id: need(ctx.values['remote-vnet'], '--remote-vnet VNET_ID') },
      allowVirtualNetworkAccess: !ctx.values['no-vnet-access'],
      allowForwardedTraffic: ctx.values.forwarded ?? false,
      allowGatewayTransit: ctx.values['gateway-transit'] ?? false,
      useRemoteGateways: ctx.values['remote-gateways'] ?? false,
    });
    return { line: formatPeering(vnetName, peering), json: peering };
  },
  'peering delete': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const name = need(ctx.values.name, '-n PEERING');
    await ctx.network.virtualNetworkPeerings.delete(group(ctx), vnetName, name);
    return { line: `deleted peering ${name} of ${vnetName}`, json: { deleted: `${vnetName}/${name}` } };
  },
  'peering sync': async (ctx) => {
    const vnetName = need(ctx.values.vnet, '--vnet VNET');
    const name = need(ctx.values.name, '-n PEERING');
    const current = await ctx.network.virtualNetworkPeerings.get(group(ctx), vnetName, name);
    const synced = await ctx.network.virtualNetworkPeerings.createOrUpdate(group(ctx), vnetName, name, current, { syncRemoteAddressSpace: 'true' });
    return { line: formatPeering(vnetName, synced), json: synced };
  },
  'nsg rule-add': async (ctx) => {
    const nsgName = need(ctx.values.nsg, '--nsg NSG');
    const rule = await ctx.network.securityRules.createOrUpdate(group(ctx), nsgName, need(ctx.values.name, '-n RULE'), {
      priority: Number(need(ctx.values.priority, '--priority N')),
      direction: need(ctx.values.direction, '--direction Inbound|Outbound'),
      access: need(ctx.values.access, '--access Allow|Deny'),
      protocol: ctx.values.protocol ?? '*',
      sourceAddressPrefix: ctx.values.source ?? '*',
      sourcePortRange: '*',
      destinationAddressPrefix: ctx.values.destination ?? '*',
      destinationPortRange: ctx.values.port ?? '*',
    });
    return { line: formatRule(nsgName, rule), json: rule };
  },
  'vm create': async (ctx) => {
    const rg = group(ctx);
    const name = need(ctx.values.name, '-n VM');
    const vnet = await ctx.network.virtualNetworks.get(rg, need(ctx.values.vnet, '--vnet VNET'));
    const subnetName = need(ctx.values.subnet, '--subnet SUBNET');
    const osType = (ctx.values['os-type'] ?? 'Windows').toLowerCase() === 'linux' ? 'Linux' : 'Windows';
    const privateIp = ctx.values['private-ip'];
    const nic = await ctx.network.networkInterfaces.createOrUpdate(rg, `${name}-nic`, {
      location: vnet.location ?? '',
      ipConfigurations: [{ name: 'ipconfig1', subnet: { id: `${vnet.id}/subnets/${subnetName}` }, ...(privateIp ? { privateIPAddress: privateIp, privateIPAllocationMethod: 'Static' } : {}) }],
      ...(ctx.values.nsg ? { networkSecurityGroup: { id: ctx.values.nsg } } : {}),
    });
    const vmId = `/subscriptions/${ctx.subscription}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
    const image = osType === 'Windows' ? { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' } : { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' };
    const vm = await ctx.compute.putAndWait(vmId, computeApiVersion, {
      location: vnet.location,
      ...(ctx.values.tags ? { tags: parseTags(ctx.values.tags) } : {}),
      properties: {
        hardwareProfile: { vmSize: 'Standard_B2s' },
        storageProfile: { imageReference: image, osDisk: { osType, createOption: 'FromImage' } },
        osProfile: { computerName: name.slice(0, 15), adminUsername: 'azureuser' },
        networkProfile: { networkInterfaces: [{ id: nic.id, properties: { primary: true } }] },
      },
    });
    if (!ctx.values['no-watcher-agent']) {
      await ctx.compute.putAndWait(`${vmId}/extensions/AzureNetworkWatcherExtension`, computeApiVersion, {
        location: vnet.location,
        properties: { publisher: 'Microsoft.Azure.NetworkWatcher', type: osType === 'Windows' ? 'NetworkWatcherAgentWindows' : 'NetworkWatcherAgentLinux', typeHandlerVersion: '1.4', autoUpgradeMinorVersion: true },
      });
    }
    return { line: `VM ${name} (${osType}, ${vnet.location}) on ${formatNic(nic)}${ctx.values['no-watcher-agent'] ? '' : ', Network Watcher agent installed'}`, json: { vm, nic } };
  },
  'vm show': async (ctx) => {
    const id = vmRef(ctx);
    const vm = (await ctx.compute.get(id, computeApiVersion)) as { name: string; location: string; properties: { storageProfile: { osDisk: { osType: string } } } };
    const state = Object.values((await ctx.control.state()).virtualMachines).find((v) => v.id.toLowerCase() === id.toLowerCase());
    const firewall = state ? `ICMP ${state.guestFirewall.blockIcmp ? 'blocked' : 'allowed'}, TCP ${state.guestFirewall.openTcpPorts?.join(',') ?? 'all'} open` : '?';
    return { line: `VM ${vm.name} (${vm.properties.storageProfile.osDisk.osType}, ${vm.location}): ${state?.powerState ?? '?'}, agent ${state?.networkWatcherAgent ? 'installed' : 'missing'}, guest firewall: ${firewall}`, json: { vm, emulator: state } };
  },
  'vm firewall': async (ctx) => {
    const openTcp = ctx.values['open-tcp'];
    const blockIcmp = ctx.values['block-icmp'];
    if (blockIcmp !== undefined && blockIcmp !== 'true' && blockIcmp !== 'false') throw new UsageError(`--block-icmp is true or false, got '${blockIcmp}'`);
    const vm = await ctx.control.patchVm({
      resourceId: vmRef(ctx),
      guestFirewall: {
        ...(blockIcmp !== undefined ? { blockIcmp: blockIcmp === 'true' } : {}),
        ...(openTcp !== undefined ? { openTcpPorts: openTcp === 'all' ? null : openTcp.split(',').map(Number) } : {}),
      },
    });
    return { line: `guest firewall of ${vm.name}: ICMP ${vm.guestFirewall.blockIcmp ? 'blocked' : 'allowed'}, TCP ${vm.guestFirewall.openTcpPorts?.join(',') ?? 'all'} open`, json: vm };
  },
  'vm power': async (ctx) => {
    const state = need(ctx.values.state, '--state running|stopped|deallocated');
    if (!['running', 'stopped', 'deallocated'].includes(state)) throw new UsageError(`--state is running, stopped or deallocated, got '${state}'`);
    const vm = await ctx.control.patchVm({ resourceId: vmRef(ctx), powerState: state as 'running' | 'stopped' | 'deallocated' });
    return { line: `VM ${vm.name}: ${vm.powerState}`, json: vm };
  },
  'watcher check': async (ctx) => {
    const sourceId = vmRef(ctx, need(ctx.values.source, '--source VM'));
    const destId = ctx.values.dest ? vmRef(ctx, ctx.values.dest) : undefined;
    const address = ctx.values['dest-address'];
    if (!destId && !address) throw new UsageError('give --dest VM or --dest-address IP');
    const source = (await ctx.compute.get(sourceId, computeApiVersion)) as { location: string };
    const watchers = [];
    for await (const watcher of ctx.network.networkWatchers.listAll()) watchers.push(watcher);
    const watcher = watchers.find((w) => w.location?.toLowerCase() === source.location.toLowerCase());
    if (!watcher?.id) throw new UsageError(`no Network Watcher in ${source.location} in subscription ${ctx.subscription}`);
    const protocol = ctx.values.protocol ?? 'Icmp';
    const port = ctx.values.port ? Number(ctx.values.port) : undefined;
    const result = await ctx.network.networkWatchers.checkConnectivity(watcher.id.split('/')[4] ?? '', watcher.name ?? '', {
      source: { resourceId: sourceId },
      destination: { ...(destId ? { resourceId: destId } : { address }), ...(port !== undefined ? { port } : {}) },
      protocol,
    });
    return { line: formatConnectivity(nameOf(sourceId), destId ? nameOf(destId) : (address ?? '?'), protocol + (port ? `/${port}` : ''), result), json: result };
  },
};

/** Where the CLI writes, and its environment (the process's for the script; a test's in-process). */
export interface AzIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** Runs one CLI command; resolves with the exit code (0, 1 on an ARM error, 2 on a usage error). */
export async function runAz(args: readonly string[], io: AzIo): Promise<number> {
  try {
    await execute(args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`az: ${(error as Error).message}`);
      return 2;
    }
    const code = error instanceof ArmCallError ? error.code : ((error as { details?: { error?: { code?: string } }; code?: string }).details?.error?.code ?? (error as { code?: string }).code);
    io.stderr(`az: ${code ? `${code}: ` : ''}${(error as Error).message}`);
    return 1;
  }
}

async function execute(args: readonly string[], io: AzIo): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options });
  const command = positionals.join(' ');
  if (values.help || !command) {
    io.stdout(helpText());
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command '${command}'. Run with --help.`);
  const endpoint = values.emulator ?? io.env.ARM_ENDPOINT;
  if (!endpoint) throw new UsageError('give --emulator URL or set ARM_ENDPOINT');
  const control = new ArmControlClient(endpoint);
  const subscriptionOf = (id: string | undefined): string | undefined => (id?.startsWith('/') ? id.split('/')[2] : undefined);
  let subscription = values.subscription ?? io.env.AZURE_SUBSCRIPTION_ID ?? subscriptionOf(values.id) ?? subscriptionOf(values['remote-vnet']) ?? subscriptionOf(values.source);
  if (!subscription) {
    const groups = Object.values((await control.state()).resourceGroups);
    const subscriptions = [...new Set(groups.map((g) => g.subscriptionId))];
    if (subscriptions.length !== 1) throw new UsageError(`give --subscription (the emulator knows ${subscriptions.length} subscriptions)`);
    subscription = subscriptions[0] as string;
  }
  const { NetworkManagementClient } = await import('@azure/arm-network');
  const credential = new EmulatorCredential(control, 'portal');
  const network = new NetworkManagementClient(credential, subscription, { endpoint });
  const result = await run({ values, subscription, network, compute: new RawArmClient(endpoint, credential), control });
  io.stdout(values.json ? JSON.stringify(result.json, null, 2) : result.line);
}
