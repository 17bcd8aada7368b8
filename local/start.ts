/**
 * `npm start` (after `npm run build`): the app on one machine. Starts a list of services in order and
 * stops them in reverse on Ctrl-C/SIGTERM (or when one fails to start): Azurite for the app's own storage
 * (default ports, data in `.local/azurite`), then the local Functions host for this app on port 7071 with
 * durable state in `.local/host-state`. Copies `local.settings.example.json` to `local.settings.json`
 * first if there is none. Later stages add services (the ARM emulator, an Event Grid subscription).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from './azurite.js';
import { spawnHost } from './host/spawnHost.js';

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

const repo = fileURLToPath(new URL('../..', import.meta.url));
const local = join(repo, '.local');

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
    name: 'Functions host',
    async start() {
      const stateDir = join(local, 'host-state');
      const host = await spawnHost({ appDir: repo, port: 7071, stateDir, echo: true });
      return { summary: `${host.baseUrl} (durable state in ${stateDir})`, stop: () => host.stop() };
    },
  },
];

async function main(): Promise<void> {
  const settings = join(repo, 'local.settings.json');
  if (!existsSync(settings)) {
    copyFileSync(join(repo, 'local.settings.example.json'), settings);
    console.log(`Created ${settings} from local.settings.example.json.`);
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
  console.log('\nEverything is running. Ctrl-C stops it all.');
}

await main();
