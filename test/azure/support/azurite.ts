/**
 * Storage for tests: the runner's Azurite (`TEST_STORAGE_CONNECTION_STRING`, set by `test/run.ts`), or —
 * when a test file runs on its own — an Azurite of its own from the shared harness (`local/azurite.ts`:
 * free ports, own process group, stopped in `stop()`).
 */
import { startAzurite } from '../../../local/azurite.js';

/** A storage endpoint for a test. */
export interface TestStorage {
  readonly connectionString: string;
  /** Stops the Azurite this kit started (nothing when the runner's is used). */
  stop(): Promise<void>;
}

/** Uses the runner's storage or starts Azurite on free ports. */
export async function startTestStorage(): Promise<TestStorage> {
  const given = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (given) return { connectionString: given, stop: async () => {} };
  const azurite = await startAzurite({ ports: 'any' });
  return { connectionString: azurite.connectionString, stop: () => azurite.stop() };
}
