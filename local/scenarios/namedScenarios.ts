/**
 * The named scenarios `--scenario NAME` knows. Each is a function of the seed returning a scenario document
 * (see `local/arm/scenario/scenarioSchema.ts`); parametric names (`hub-spoke-N`) are matched by pattern.
 * The seeded worlds of issue 5 (london-madrid, hub-spoke-N, mesh-N) register here.
 */
import type { ScenarioInput } from '../arm/scenario/scenarioSchema.js';

/** A named scenario: a name pattern and a builder. */
export interface NamedScenario {
  /** Shown in help and errors (`hub-spoke-N`). */
  name: string;
  /** Returns the scenario when `requested` is this one's name, else `undefined`. */
  build(requested: string, seed: number | undefined): ScenarioInput | undefined;
}

const emptyScenario: NamedScenario = {
  name: 'empty',
  build: (requested) =>
    requested === 'empty'
      ? { name: 'empty', description: 'No resources; one subscription.', subscriptions: ['00000000-0000-0000-0000-000000000001'] }
      : undefined,
};

/** Every named scenario, in the order they are tried. */
export const namedScenarios: NamedScenario[] = [emptyScenario];

/** The scenario document for a name, or `undefined`. */
export function resolveNamedScenario(name: string, seed: number | undefined): ScenarioInput | undefined {
  for (const scenario of namedScenarios) {
    const built = scenario.build(name, seed);
    if (built) return built;
  }
  return undefined;
}

/** The names to show in help and errors. */
export function namedScenarioNames(): string[] {
  return namedScenarios.map((s) => s.name);
}
