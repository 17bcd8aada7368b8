/**
 * `npm start` (after `npm run build`, run through `local/withCerts.ts`): the app and its Azure on one
 * machine. Starts a list of services in order and stops them in reverse on Ctrl-C/SIGTERM (or when one
 * fails to start):
 *
 * 1. Azurite for the app's own storage (default ports, data in `.local/azurite`);
 * 2. the ARM emulator with the `london-madrid` lab (state in `.local/arm-state.json`, so a restart keeps
 *    the world), with short but real latencies (operations take half a second, `Retry-After: 1`);
 * 3. the local Functions host for this app on port 7071 (durable state in `.local/host-state`), signed in
 *    as the app's managed identity of the emulator;
 * 4. the Event Grid subscription from the emulator's system topic to the host's webhook (function
 *    `vnetChanged`, the extension key from the settings, filtered on VNet and peering operations), with a
 *    delivery delay of a few seconds as Event Grid has.
 *
 * Copies `local.settings.example.json` to `local.settings.json` first if there is none, and writes where
 * everything is to `.local/start.json` for `npm run demo`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appIdentityEnv } from './arm/appIdentityEnv.js';
import { spawnArmEmulator, type SpawnedEmulator } from './arm/spawn.js';
import { startAzurite } from './azurite.js';
import { busyPorts, describeBusyPorts } from './busyPorts.js';
import { spawnHost } from './host/spawnHost.js';
import { keeperEventSubscription } from './keeperSubscription.js';
import { repoRoot } from './repoRoot.js';
import { labSubscriptionId } from './scenarios/londonMadrid.js';

/** A started service: what to tell the user, and how to stop it. */
interface Started {
  summary: string;
  stop(): Promise<void>;
}

/** A service `npm start` runs. */
interface Service {
  name: string;
  start(): Promise<Started>;
}

/** What `npm run demo` (and a curious user) needs to find the running pieces. */
export interface StartInfo {
  hostUrl: string;
  armUrl: string;
  caFile: string;
  functionsKey: string;
  storageConnection: string;
  tablePrefix?: string;
  labSubscriptionId: string;
}

const repo = repoRoot();
const local = join(repo, '.local');
/** The emulator's port (fixed, so `npm run az -- … --emulator https://127.0.0.1:8443` works across restarts). */
export const EMULATOR_PORT = 8443;
export const HOST_PORT = 7071;
/** Event Grid delivers ARM's events seconds after the operation; so does the local subscription. */
const EVENT_DELIVERY_DELAY_MS = 4000;

/** `Values` of local.settings.json (the app's settings locally). */
function localSettings(): Record<string, string> {
  const file = join(repo, 'local.settings.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> }).Values ?? {};
}

let emulator: SpawnedEmulator | undefined;

const services: Service[] = [
  {
    name: 'Azurite',
    async start() {
      const location = join(local, 'azurite');
      mkdirSync(location, { recursive: true });
      const azurite = await startAzurite({ location, ports: 'default' });
      return { summary: `blob ${azurite.blobEndpoint}, queue ${azurite.queueEndpoint}, table ${azurite.tableEndpoint} (data in ${location})`, stop: () => azurite.stop() };
    },
  },
  {
    name: 'ARM emulator',
    async start() {
      const state = join(local, 'arm-state.json');
      const arm = await spawnArmEmulator({ port: EMULATOR_PORT, scenario: 'london-madrid', state, latencyMs: 500, retryAfterSeconds: 1 });
      emulator = arm;
      return { summary: `${arm.url} (lab: london-madrid, subscription ${labSubscriptionId}; world saved in ${state}; CA ${arm.caFile})`, stop: () => arm.stop() };
    },
  },
  {
    name: 'Functions host',
    async start() {
      const arm = emulator as SpawnedEmulator;
      const stateDir = join(local, 'host-state');
      // The app reaches the emulator as Azure: endpoint and managed identity from settings only.
      const host = await spawnHost({ appDir: repo, port: HOST_PORT, stateDir, echo: true, env: { ...appIdentityEnv(arm), SCOPE_SUBSCRIPTIONS: labSubscriptionId } });
      return { summary: `${host.baseUrl} (durable state in ${stateDir})`, stop: () => host.stop() };
    },
  },
  {
    name: 'Event Grid subscription',
    async start() {
      const arm = emulator as SpawnedEmulator;
      const key = localSettings().EVENTGRID_EXTENSION_KEY ?? '';
      const subscription = keeperEventSubscription(`http://127.0.0.1:${HOST_PORT}`, key, { faults: { delayMs: EVENT_DELIVERY_DELAY_MS } });
      await arm.control.addEventSubscription(subscription);
      return {
        summary: `${subscription.name}: VNet and peering writes/deletes → ${subscription.endpointUrl.replace(/code=[^&]+/, 'code=…')} (delivered ${EVENT_DELIVERY_DELAY_MS / 1000} s after the change)`,
        stop: () => arm.control.removeEventSubscription(subscription.name).then(() => undefined, () => undefined),
      };
    },
  },
];

async function main(): Promise<void> {
  const settings = join(repo, 'local.settings.json');
  if (!existsSync(settings)) {
    copyFileSync(join(repo, 'local.settings.example.json'), settings);
    console.log(`Created ${settings} from local.settings.example.json.`);
  }
  const busy = await busyPorts(new Map([[10000, 'Azurite blob'], [10001, 'Azurite queue'], [10002, 'Azurite table'], [EMULATOR_PORT, 'ARM emulator'], [HOST_PORT, 'Functions host']]));
  if (busy.length > 0) {
    console.error(describeBusyPorts(busy));
    process.exit(1);
  }
  const running: { name: string; started: Started }[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const { name, started } of running.reverse()) {
        try {
          await started.stop();
          console.log(`Stopped ${name}.`);
        } catch (error) {
          console.error(`Stopping ${name} failed: ${(error as Error).message}`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll().then(() => process.exit(0)));

  for (const service of services) {
    try {
      const started = await service.start();
      running.push({ name: service.name, started });
      console.log(`Started ${service.name}: ${started.summary}`);
    } catch (error) {
      console.error(`${service.name} did not start: ${(error as Error).message}`);
      await stopAll();
      process.exit(1);
    }
  }
  const values = localSettings();
  const arm = emulator as SpawnedEmulator;
  const info: StartInfo = {
    hostUrl: `http://127.0.0.1:${HOST_PORT}`,
    armUrl: arm.url,
    caFile: arm.caFile,
    functionsKey: values.FUNCTIONS_KEY ?? '',
    storageConnection: values.AzureWebJobsStorage ?? 'UseDevelopmentStorage=true',
    ...(values.TABLE_NAME_PREFIX ? { tablePrefix: values.TABLE_NAME_PREFIX } : {}),
    labSubscriptionId,
  };
  writeFileSync(join(local, 'start.json'), `${JSON.stringify(info, null, 2)}\n`);
  console.log(`
Everything is running (details in .local/start.json). Ctrl-C stops it all.

Try:
  npm run demo                                   the six steps of the London–Madrid lab, against this
  npm run az -- vnet list --emulator ${arm.url}
  npm run az -- peering create -g rg-london --vnet vnet-london -n london-to-madrid --remote-vnet ${'/subscriptions/' + labSubscriptionId + '/resourceGroups/rg-madrid/providers/Microsoft.Network/virtualNetworks/vnet-madrid'} --emulator ${arm.url}
  curl -s -H 'x-functions-key: ${info.functionsKey}' '${info.hostUrl}/api/history?vnet=/subscriptions/${labSubscriptionId}/resourceGroups/rg-london/providers/Microsoft.Network/virtualNetworks/vnet-london'
  curl -s -X POST -H 'x-functions-key: ${info.functionsKey}' ${info.hostUrl}/api/vnets/${labSubscriptionId}/rg-madrid/vnet-madrid/probe
  curl -s ${info.hostUrl}/runtime/webhooks/durabletask/instances/    (the reconcile instances)
The emulator's CA is ${arm.caFile} (NODE_EXTRA_CA_CERTS for your own Node scripts).`);
}

await main();
