/**
 * Test kit for `src/azure`: the in-process ARM emulator in the test profile (answers checked against the
 * ARM specs by `startTestArm`), the app's client factory pointed at it and signed in as the app's
 * principal, and call-count helpers (writes, resource reads and operation-status polls apart).
 */
import type { CallCounts, CallRecord } from '../../../local/arm/callLog.js';
import { EmulatorCredential } from '../../../local/arm/auth/emulatorCredential.js';
import type { ScenarioInput } from '../../../local/arm/scenario/scenarioSchema.js';
import { createArmClients, type ArmClients } from '../../../src/azure/armClients.js';
import { startTestArm, sub1, sub2, vnetId, type TestArm } from '../../arm/support/armTestKit.js';

export { sub1, sub2, vnetId };

/** The emulator, the app's clients and counters. */
export interface AzureTest {
  readonly arm: TestArm;
  readonly clients: ArmClients;
  /** Loads a scenario and clears faults and the call log. */
  reset(scenario?: ScenarioInput): Promise<void>;
  /** Counts since the last reset (by kind: `write`, `delete`, `read`, `poll`, …; by operation id). */
  counts(): Promise<CallCounts>;
  /** The calls since the last reset. */
  calls(): Promise<CallRecord[]>;
  close(): Promise<void>;
}

/**
 * A hub in rg1 (westeurope, 10.0/16) peered both ways with s1, s2 (rg1) and s3 (rg2, northeurope); VMs: a
 * Linux VM in the hub, two in s1 (one tagged `peering-probe=true`), a Windows VM in s2.
 */
export const hubAndThreeSpokes: ScenarioInput = {
  name: 'hub-and-three-spokes',
  subscriptions: [sub1, sub2],
  resourceGroups: [
    { name: 'rg1', location: 'westeurope' },
    { name: 'rg2', location: 'northeurope' },
  ],
  virtualNetworks: [
    { resourceGroup: 'rg1', name: 'hub', addressPrefixes: ['10.0.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }], tags: { env: 'test' } },
    { resourceGroup: 'rg1', name: 's1', addressPrefixes: ['10.1.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }] },
    { resourceGroup: 'rg1', name: 's2', addressPrefixes: ['10.2.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.2.0.0/24' }] },
    { resourceGroup: 'rg2', name: 's3', addressPrefixes: ['10.3.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.3.0.0/24' }] },
  ],
  virtualMachines: [
    { resourceGroup: 'rg1', name: 'vm-hub', osType: 'Linux', nics: [{ vnet: 'rg1/hub', subnet: 'default' }] },
    { resourceGroup: 'rg1', name: 'vm-s1-a', osType: 'Linux', nics: [{ vnet: 'rg1/s1', subnet: 'default' }] },
    { resourceGroup: 'rg1', name: 'vm-s1-b', osType: 'Linux', tags: { 'peering-probe': 'true' }, nics: [{ vnet: 'rg1/s1', subnet: 'default' }] },
    { resourceGroup: 'rg1', name: 'vm-s2', osType: 'Windows', nics: [{ vnet: 'rg1/s2', subnet: 'default' }] },
  ],
  peerings: [
    { from: 'rg1/hub', to: 'rg1/s1', name: 'hub-s1' },
    { from: 'rg1/hub', to: 'rg1/s2', name: 'hub-s2' },
    { from: 'rg1/hub', to: 'rg2/s3', name: 'hub-s3' },
  ],
};

/** Starts the emulator and the app's clients (signed in as the app, SDK retries fast). */
export async function startAzureTest(): Promise<AzureTest> {
  const arm = await startTestArm();
  const control = arm.emulator.control;
  const clients = createArmClients({ endpoint: arm.emulator.url, credential: new EmulatorCredential(control, 'app'), maxRetries: 2, retryDelayInMs: 5, pollIntervalMs: 10 });
  return {
    arm,
    clients,
    reset: async (scenario = hubAndThreeSpokes) => {
      await control.loadScenario(scenario);
      await control.clearFaults();
      await control.resetCalls();
    },
    counts: async () => (await control.calls({ entries: false })).counts,
    calls: async () => (await control.calls()).calls,
    close: () => arm.close(),
  };
}

/** Counts without identity calls: `{ writes, deletes, reads, polls }`. */
export function economy(counts: CallCounts): { writes: number; deletes: number; reads: number; polls: number } {
  return { writes: counts.byKind.write, deletes: counts.byKind.delete, reads: counts.byKind.read, polls: counts.byKind.poll };
}
