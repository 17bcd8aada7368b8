/**
 * `npm run az -- <command> [flags]`: act as a person in the portal would, against the emulator, with the
 * real `@azure/arm-network` client signed in as the *portal* principal (not the app's), so the app's loop
 * guard sees someone else's change. Each command prints one readable line (`--json`: the full object) and
 * exits 1 on an ARM error (the code and message on stderr), 2 on a usage error.
 *
 *   vnet show              -g RG -n VNET
 *   vnet list              [-g RG]
 *   vnet set-address-space -g RG -n VNET --prefixes 10.1.0.0/16,10.99.0.0/16
 *   vnet address-add       -g RG -n VNET --prefix 10.3.0.0/16
 *   vnet tag               -g RG -n VNET --tags key=value[,key2=value2]      (merged; `key=` removes a tag)
 *   subnet create          -g RG --vnet VNET -n SUBNET --prefix 10.3.0.0/24 [--nsg NSG_ID]
 *   subnet delete          -g RG --vnet VNET -n SUBNET
 *   peering list           -g RG --vnet VNET
 *   peering create         -g RG --vnet VNET -n NAME --remote-vnet VNET_ID [--no-vnet-access] [--forwarded] [--gateway-transit] [--remote-gateways]
 *   peering delete         -g RG --vnet VNET -n NAME
 *   peering sync           -g RG --vnet VNET -n NAME
 *   nsg rule-add           -g RG --nsg NSG -n RULE --priority N --direction Inbound|Outbound --access Allow|Deny
 *                          [--protocol Tcp|Udp|Icmp|*] [--source PREFIX] [--destination PREFIX] [--port RANGE]
 *   vm create              -g RG -n VM --vnet VNET --subnet SUBNET [--os-type Windows|Linux] [--private-ip IP] [--nsg NSG_ID]
 *                          [--no-watcher-agent] [--tags key=value]    (a NIC, the VM, the Network Watcher agent extension)
 *   vm show                VM
 *   vm firewall            VM [--block-icmp true|false] [--open-tcp 3389,22|all]   (inside the guest: emulator control API)
 *   vm power               VM --state running|stopped|deallocated                  (emulator control API)
 *   watcher check          --source VM (--dest VM | --dest-address IP) [--protocol Icmp|Tcp|Http|Https] [--port N]
 *
 * VM is `--id VM_ID`, or `-g RG -n NAME`; `--source`/`--dest` take a VM id or `RG/NAME`.
 * Common flags: --emulator URL (default $ARM_ENDPOINT), --subscription ID (default $AZURE_SUBSCRIPTION_ID,
 * else the subscription of --id / --remote-vnet / --source, else the only one the emulator knows), --json.
 */
import { runAz } from './azCommands.js';

process.exit(await runAz(process.argv.slice(2), { stdout: (text) => console.log(text), stderr: (text) => console.error(text), env: process.env }));
