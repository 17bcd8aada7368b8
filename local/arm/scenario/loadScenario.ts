/**
 * Resolves `--scenario NAME|FILE`: a file path (contains a path separator or ends in `.json`) is read as a
 * scenario document; anything else is looked up among the named scenarios of `local/scenarios/`.
 */
import { readFileSync } from 'node:fs';
import { resolveNamedScenario, namedScenarioNames } from '../../scenarios/namedScenarios.js';
import type { ScenarioInput } from './scenarioSchema.js';

/** Whether the argument names a file rather than a named scenario. */
export function isScenarioFile(nameOrFile: string): boolean {
  return nameOrFile.endsWith('.json') || nameOrFile.includes('/') || nameOrFile.includes('\\');
}

/** The scenario document for a name or file; throws naming the known scenarios when unknown. */
export function loadScenario(nameOrFile: string, seed: number | undefined): ScenarioInput {
  if (isScenarioFile(nameOrFile)) {
    try {
      return JSON.parse(readFileSync(nameOrFile, 'utf8')) as ScenarioInput;
    } catch (error) {
      throw new Error(`scenario file ${nameOrFile}: ${(error as Error).message}`);
    }
  }
  const scenario = resolveNamedScenario(nameOrFile, seed);
  if (!scenario) throw new Error(`unknown scenario '${nameOrFile}': known scenarios are ${namedScenarioNames().join(', ')}, or give a JSON file`);
  return scenario;
}
