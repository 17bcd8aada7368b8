/**
 * `npm run az -- <command> [flags]`: act as a person in the portal would, against the emulator, with the
 * real `@azure/arm-network` client signed in as the *portal* principal (not the app's), so the app's loop
 * guard sees someone else's change.
 *
 *   vnet show              -g RG -n VNET
 *   vnet set-address-space -g RG -n VNET --prefixes 10.1.0.0/16,10.99.0.0/16
 *   peering list           -g RG --vnet VNET
 *   peering create         -g RG --vnet VNET -n NAME --remote-vnet VNET_ID [--no-vnet-access] [--forwarded] [--gateway-transit] [--remote-gateways]
 *   peering delete         -g RG --vnet VNET -n NAME
 *   peering sync           -g RG --vnet VNET -n NAME
 *   nsg rule-add           -g RG --nsg NSG -n RULE --priority N --direction Inbound|Outbound --access Allow|Deny
 *                          [--protocol Tcp|Udp|Icmp|*] [--source PREFIX] [--destination PREFIX] [--port RANGE]
 *   vm firewall            --id VM_ID [--block-icmp true|false] [--open-tcp 3389,22|all]
 *
 * Common flags: --emulator URL (default $ARM_ENDPOINT), --subscription ID (default $AZURE_SUBSCRIPTION_ID,
 * else the subscription of --id / --remote-vnet, else the only one the emulator knows).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EmulatorCredential } from '../auth/emulatorCredential.js';
import { ArmControlClient } from '../controlClient.js';

const help = readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]?.replace(/^\/\*\*|^ \* ?/gm, '') ?? '';

function fail(message: string): never {
  console.error(`az: ${message}`);
  process.exit(2);
}

function need(value: string | undefined, flag: string): string {
  if (!value) fail(`missing ${flag}`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      emulator: { type: 'string' },
      subscription: { type: 'string' },
      'resource-group': { type: 'string', short: 'g' },
      name: { type: 'string', short: 'n' },
      vnet: { type: 'string' },
      nsg: { type: 'string' },
      id: { type: 'string' },
      prefixes: { type: 'string' },
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
      port: { type: 'string' },
      'block-icmp': { type: 'string' },
      'open-tcp': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(help);
    return;
  }
  const endpoint = values.emulator ?? process.env.ARM_ENDPOINT ?? fail('give --emulator URL or set ARM_ENDPOINT');
  const control = new ArmControlClient(endpoint);
  const subscriptionOf = (id: string | undefined): string | undefined => id?.split('/')[2];
  let subscription = values.subscription ?? process.env.AZURE_SUBSCRIPTION_ID ?? subscriptionOf(values.id) ?? subscriptionOf(values['remote-vnet']);
  if (!subscription) {
    const groups = Object.values((await control.state()).resourceGroups);
    const subscriptions = [...new Set(groups.map((g) => g.subscriptionId))];
    if (subscriptions.length !== 1) fail(`give --subscription (the emulator knows ${subscriptions.length} subscriptions)`);
    subscription = subscriptions[0] as string;
  }
  const { NetworkManagementClient } = await import('@azure/arm-network');
  const client = new NetworkManagementClient(new EmulatorCredential(control, 'portal'), subscription, { endpoint });
  const group = (): string => need(values['resource-group'], '-g RESOURCE_GROUP');
  const print = (value: unknown): void => console.log(JSON.stringify(value, null, 2));

  switch (command) {
    case 'vnet show':
      return print(await client.virtualNetworks.get(group(), need(values.name, '-n VNET')));
    case 'vnet set-address-space': {
      const vnet = await client.virtualNetworks.get(group(), need(values.name, '-n VNET'));
      vnet.addressSpace = { addressPrefixes: need(values.prefixes, '--prefixes').split(',').map((p) => p.trim()) };
      return print(await client.virtualNetworks.createOrUpdate(group(), vnet.name ?? '', vnet, { requestOptions: { headers: { 'if-match': vnet.etag ?? '*' } } }));
    }
    case 'peering list': {
      const out = [];
      for await (const peering of client.virtualNetworkPeerings.list(group(), need(values.vnet, '--vnet VNET'))) out.push(peering);
      return print(out);
    }
    case 'peering create':
      return print(
        await client.virtualNetworkPeerings.createOrUpdate(group(), need(values.vnet, '--vnet VNET'), need(values.name, '-n PEERING'), {
          remoteVirtualNetwork: { id: need(values['remote-vnet'], '--remote-vnet VNET_ID') },
          allowVirtualNetworkAccess: !values['no-vnet-access'],
          allowForwardedTraffic: values.forwarded ?? false,
          allowGatewayTransit: values['gateway-transit'] ?? false,
          useRemoteGateways: values['remote-gateways'] ?? false,
        }),
      );
    case 'peering delete':
      await client.virtualNetworkPeerings.delete(group(), need(values.vnet, '--vnet VNET'), need(values.name, '-n PEERING'));
      return print({ deleted: `${values.vnet}/${values.name}` });
    case 'peering sync': {
      const vnetName = need(values.vnet, '--vnet VNET');
      const name = need(values.name, '-n PEERING');
      const current = await client.virtualNetworkPeerings.get(group(), vnetName, name);
      return print(await client.virtualNetworkPeerings.createOrUpdate(group(), vnetName, name, current, { syncRemoteAddressSpace: 'true' }));
    }
    case 'nsg rule-add':
      return print(
        await client.securityRules.createOrUpdate(group(), need(values.nsg, '--nsg NSG'), need(values.name, '-n RULE'), {
          priority: Number(need(values.priority, '--priority N')),
          direction: need(values.direction, '--direction Inbound|Outbound'),
          access: need(values.access, '--access Allow|Deny'),
          protocol: values.protocol ?? '*',
          sourceAddressPrefix: values.source ?? '*',
          sourcePortRange: '*',
          destinationAddressPrefix: values.destination ?? '*',
          destinationPortRange: values.port ?? '*',
        }),
      );
    case 'vm firewall': {
      const openTcp = values['open-tcp'];
      return print(
        await control.patchVm({
          resourceId: need(values.id, '--id VM_ID'),
          guestFirewall: {
            ...(values['block-icmp'] !== undefined ? { blockIcmp: values['block-icmp'] === 'true' } : {}),
            ...(openTcp !== undefined ? { openTcpPorts: openTcp === 'all' ? null : openTcp.split(',').map(Number) } : {}),
          },
        }),
      );
    }
    default:
      fail(`unknown command '${command}'. Run with --help.`);
  }
}

main().catch((error: unknown) => {
  const details = (error as { details?: { error?: { code?: string } }; code?: string }).details?.error?.code ?? (error as { code?: string }).code;
  console.error(`az: ${details ? `${details}: ` : ''}${(error as Error).message}`);
  process.exit(1);
});
