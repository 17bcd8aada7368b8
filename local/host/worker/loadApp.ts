import { pathToFileURL } from 'node:url';
import { appEntryFiles } from './appEntryFiles.js';
import type { FunctionRegistry } from './functionRegistry.js';

/**
 * Loads the app's entry files (ES modules or CommonJS, through `import()`), which register their functions
 * into `registry` through the core module, then runs the `appStart` hooks as the worker does after loading.
 * The core module must already be installed. Returns the loaded files.
 */
export async function loadApp(appDir: string, registry: FunctionRegistry): Promise<string[]> {
  const files = appEntryFiles(appDir);
  for (const file of files) {
    try {
      await import(pathToFileURL(file).href);
    } catch (error) {
      throw new Error(`Loading the app's entry file ${file} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  for (const hook of registry.hooks('appStart')) await hook({ hookData: {}, appHookData: registry.appHookData, functionAppDirectory: appDir });
  return files;
}
