/**
 * `npm run demo`'s six steps, run by the same code against the app on loopback (emulator test profile).
 * The portal's changes of steps 4 and 5 race the app's first write of the pass; on the test profile the
 * app would win, so the app's first write is held until the subnet and the VM of the new prefix exist —
 * the order the demo relies on with `npm start`'s latencies.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runDemo } from '../../local/demo/labDemo.js';
import { FUNCTIONS_KEY, startKeeperStack, stopStackStorage } from './support/keeperStack.js';

after(() => stopStackStorage());

test('the demo: peer, probe fails on Madrid\'s firewall, allow ICMP, sync a new prefix, recreate for another, restore a deleted side', async (t) => {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  const { appPrincipalId } = await stack.control.principals();
  const firstWrite = { 4: 'VirtualNetworkPeerings_CreateOrUpdate', 5: 'VirtualNetworkPeerings_Delete' } as Record<number, string>;
  let held: string | undefined;
  const lines: string[] = [];
  const result = await runDemo({
    hostUrl: stack.host.baseUrl,
    armUrl: stack.arm.emulator.url,
    caFile: stack.arm.emulator.caFile,
    functionsKey: FUNCTIONS_KEY,
    storageConnection: stack.storageConnection,
    tablePrefix: stack.tablePrefix,
    print: (line) => lines.push(line),
    hooks: {
      beforeChanges: async (step) => {
        held = (await stack.control.addFault({ match: { operationId: firstWrite[step] as string, principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 })).id;
      },
      afterChanges: async () => {
        if (held) await stack.control.removeFault(held);
      },
    },
  });
  assert.deepEqual(result.steps.map((s) => [s.n, s.ok]), [[1, true], [2, true], [3, true], [4, true], [5, true], [6, true]], lines.join('\n'));
  assert.equal(result.ok, true);
  assert.match(lines.join('\n'), /diagnosis: the guest firewall of vm-madrid \(10\.2\.0\.4\) blocks ICMP/);
  assert.match(lines.join('\n'), /probe vm-madrid \(vnet-madrid\) → vm-london-2 10\.3\.0\.4 \(vnet-london, new prefix 10\.3\.0\.0\/16\): Icmp Reachable — passed/);
});
