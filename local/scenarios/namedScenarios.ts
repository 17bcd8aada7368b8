/**
 * The named scenarios `--scenario NAME` knows. Each is a function of the seed returning a scenario document
 * (see `local/arm/scenario/scenarioSchema.ts`); parametric names (`hub-spoke-N`) are matched by pattern.
 * The seeded worlds of issue 5 (london-madrid, hub-spoke-N, mesh-N) register here.
 */
import type { ScenarioInput } from '../arm/scenario/scenarioSchema.js';
import { hubSpokeScenario, meshScenario } from './generatedTopologies.js';
import { londonMadridScenario } from './londonMadrid.js';

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

const londonMadrid: NamedScenario = {
  name: 'london-madrid',
  build: (requested) => (requested === 'london-madrid' ? londonMadridScenario() : undefined),
};

/** A scenario named `<prefix>` (default count) or `<prefix>-<count>`. */
function parametric(prefix: string, defaultCount: number, make: (count: number, seed: number | undefined) => ScenarioInput): NamedScenario {
  const pattern = new RegExp(`^${prefix}(?:-(\\d+))?$`);
  return {
    name: `${prefix}-N`,
    build: (requested, seed) => {
      const match = pattern.exec(requested);
      return match ? make(match[1] ? Number(match[1]) : defaultCount, seed) : undefined;
    },
  };
}

/** Every named scenario, in the order they are tried. */
export const namedScenarios: NamedScenario[] = [
  emptyScenario,
  londonMadrid,
  parametric('hub-spoke', 50, (count, seed) => hubSpokeScenario(count, seed)),
  parametric('mesh', 10, (count, seed) => meshScenario(count, seed)),
];

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
