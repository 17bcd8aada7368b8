/**
 * `npm run demo`'s six steps, run by the same code against the app on loopback (emulator test profile).
 * The portal's changes of steps 4 and 5 race the app's writes; on the test profile the app would win, so
 * every peering write of the app (a recreate deletes both sides at once) is held from before the step's
 * first portal change until the subnet and the VM of the new prefix exist — the order the demo relies on
 * with `npm start`'s latencies. Reads are not held: a pass may still read between two portal changes.
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
  const peeringWrites = ['VirtualNetworkPeerings_CreateOrUpdate', 'VirtualNetworkPeerings_Delete'];
  let held: string[] = [];
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
      beforeChanges: async () => {
        // No `times`: every match is held until the rule is removed (which releases them all).
        held = await Promise.all(peeringWrites.map(async (operationId) => (await stack.control.addFault({ match: { operationId, principalId: appPrincipalId }, action: { type: 'hold' } })).id));
      },
      afterChanges: async () => {
        for (const id of held) await stack.control.removeFault(id);
        held = [];
      },
    },
  });
  assert.deepEqual(result.steps.map((s) => [s.n, s.ok]), [[1, true], [2, true], [3, true], [4, true], [5, true], [6, true]], lines.join('\n'));
  assert.equal(result.ok, true);
  assert.match(lines.join('\n'), /diagnosis: the guest firewall of vm-madrid \(10\.2\.0\.4\) blocks ICMP/);
  assert.match(lines.join('\n'), /probe vm-madrid \(vnet-madrid\) → vm-london-2 10\.3\.0\.4 \(vnet-london, new prefix 10\.3\.0\.0\/16\): Icmp Reachable — passed/);
});
