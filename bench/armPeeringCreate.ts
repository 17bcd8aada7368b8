/**
 * `npm run bench:arm`: the emulator's own overhead for 1,000 peering creates, in the test profile.
 *
 *   A. 1,000 raw peering PUTs (spoke → hub, one per spoke VNet), sequential;
 *   B. 1,000 peering creates through the real SDK (hub → spoke: PUT, status poll, final GET), sequential
 *      (they share the hub's VNet lock, as in Azure);
 *   baseline: 1,000 raw VNet GETs.
 *
 * Prints wall times and ratios to the baseline measured in this run (no absolute thresholds).
 */
import { performance } from 'node:perf_hooks';
import { NetworkManagementClient } from '@azure/arm-network';
import { EmulatorCredential } from '../local/arm/auth/emulatorCredential.js';
import { startArmEmulator } from '../local/arm/server.js';

const count = Number(process.env.BENCH_PEERINGS ?? 1000);
const subscriptionId = '00000000-0000-0000-0000-000000000001';
const vnetId = (name: string): string => `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${name}`;
const spoke = (i: number): string => `spoke${String(i).padStart(4, '0')}`;

const emulator = await startArmEmulator({ fast: true, seed: 1 });
try {
  await emulator.control.loadScenario({
    name: 'bench',
    subscriptions: [subscriptionId],
    resourceGroups: [{ name: 'rg', location: 'westeurope' }],
    virtualNetworks: [
      { resourceGroup: 'rg', name: 'hub', addressPrefixes: ['10.200.0.0/16'] },
      ...Array.from({ length: count }, (_, i) => ({ resourceGroup: 'rg', name: spoke(i), addressPrefixes: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`] })),
    ],
  });
  const token = (await emulator.control.token('app')).accessToken;
  const raw = async (method: string, path: string, body?: unknown): Promise<number> => {
    const response = await fetch(`${emulator.url}${path}?api-version=2026-01-01`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
    return response.status;
  };

  let start = performance.now();
  for (let i = 0; i < count; i++) await raw('GET', vnetId(spoke(i)));
  const baselineMs = performance.now() - start;

  start = performance.now();
  for (let i = 0; i < count; i++) await raw('PUT', `${vnetId(spoke(i))}/virtualNetworkPeerings/to-hub`, { properties: { remoteVirtualNetwork: { id: vnetId('hub') } } });
  const rawPutMs = performance.now() - start;

  const client = new NetworkManagementClient(new EmulatorCredential(emulator.control, 'app'), subscriptionId, { endpoint: emulator.url });
  await emulator.control.resetCalls();
  start = performance.now();
  for (let i = 0; i < count; i++) await client.virtualNetworkPeerings.createOrUpdate('rg', 'hub', `to-${spoke(i)}`, { remoteVirtualNetwork: { id: vnetId(spoke(i)) } });
  const sdkMs = performance.now() - start;
  const { counts } = await emulator.control.calls({ entries: false });
  const hub = await client.virtualNetworks.get('rg', 'hub');
  const connected = (hub.virtualNetworkPeerings ?? []).filter((p) => p.peeringState === 'Connected').length;
  if (connected !== count) throw new Error(`expected ${count} Connected hub links, found ${connected}`);

  const line = (label: string, ms: number): string => `${label.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / count).toFixed(2).padStart(6)} ms/call  ${(ms / baselineMs).toFixed(2).padStart(5)}x baseline`;
  console.log(`ARM emulator, test profile (Retry-After 0, no latency), ${count} calls each, sequential:`);
  console.log(line(`baseline: ${count} raw VNet GETs`, baselineMs));
  console.log(line(`A: ${count} raw peering PUTs (spoke → hub)`, rawPutMs));
  console.log(line(`B: ${count} SDK peering creates (hub → spoke, PUT+poll+GET)`, sdkMs));
  console.log(`B made ${counts.byKind.write} writes, ${counts.byKind.poll} polls, ${counts.byKind.read} reads; all ${connected} hub → spoke links are Connected.`);
} finally {
  await emulator.close();
}
