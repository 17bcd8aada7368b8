/**
 * `npm run emulator -- [--port N] [--scenario NAME|FILE] [--state FILE] [--latency-ms N] [--seed N] [--fast]`
 *
 * Starts the ARM emulator on 127.0.0.1 and prints, in this order:
 *   ARM emulator listening on https://127.0.0.1:PORT
 *   CA file: <path>            (trust it with NODE_EXTRA_CA_CERTS)
 *   app identity: IDENTITY_ENDPOINT=<url> IDENTITY_HEADER=<secret>
 * Stops on SIGINT/SIGTERM.
 */
import { parseEmulatorArgs, usage } from './cliOptions.js';
import { startArmEmulator } from './server.js';
import { appIdentityEnv } from './appIdentityEnv.js';

let options;
try {
  options = parseEmulatorArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
try {
  const emulator = await startArmEmulator(options);
  const identity = appIdentityEnv(emulator);
  console.log(`ARM emulator listening on ${emulator.url}`);
  console.log(`CA file: ${emulator.caFile}`);
  console.log(`app identity: IDENTITY_ENDPOINT=${identity.IDENTITY_ENDPOINT} IDENTITY_HEADER=${identity.IDENTITY_HEADER}`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`ARM emulator failed to start: ${(error as Error).message}`);
  process.exit(1);
}
