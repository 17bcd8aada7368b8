/**
 * Executes the planner's write steps (`src/domain/planTypes.ts` `WriteStep`) against ARM: one function for
 * any step by kind, and one for a batch that keeps DESIGN.md's serialisation rule — writes on one VNet one
 * at a time (ARM locks the VNet: 409 `AnotherOperationInProgress`), different VNets in parallel under a cap.
 */
import pLimit from 'p-limit';
import type { PeeringSide, VnetSnapshot } from '../domain/model.js';
import type { WriteStep, WriteStepKind } from '../domain/planTypes.js';
import { resourceKey } from '../domain/resourceId.js';
import type { ArmResult } from './armErrors.js';
import type { ArmReadOptions } from './armReads.js';
import { changeAddressSpace, deletePeering, putPeering, type ArmReceipt } from './armWrites.js';

/** What a step did. */
export interface WriteStepOutcome {
  readonly stepId: string;
  readonly kind: WriteStepKind;
  readonly targetId: string;
  /** `written`: ARM accepted and finished the write; `alreadyDone`: nothing to write (side gone, space as asked). */
  readonly effect: 'written' | 'alreadyDone';
  /** The side after a peering PUT. */
  readonly peering?: PeeringSide;
  /** The VNet after an address-space change. */
  readonly vnet?: VnetSnapshot;
  readonly arm: ArmReceipt;
}

/** Default cap on concurrent writes (different VNets): DESIGN.md's `MAX_PARALLEL_WRITES` default. */
export const DEFAULT_MAX_PARALLEL_WRITES = 8;

/** Executes one write step by kind and waits for its operation. ARM errors come back as the failure. */
export async function executeWriteStep(step: WriteStep, options: ArmReadOptions = {}): Promise<ArmResult<{ outcome: WriteStepOutcome }>> {
  const base = { stepId: step.stepId, kind: step.kind, targetId: step.targetId };
  switch (step.kind) {
    case 'createPeering':
    case 'updatePeering':
    case 'syncPeering': {
      const result = await putPeering(
        { localVnetId: step.localVnetId, name: step.name, remoteVnetId: step.remoteVnetId, options: step.options, sync: step.kind === 'syncPeering' },
        options,
      );
      return result.ok ? { ok: true, outcome: { ...base, effect: 'written', peering: result.peering, arm: result.arm } } : result;
    }
    case 'deletePeering': {
      const result = await deletePeering(step.targetId, options);
      return result.ok ? { ok: true, outcome: { ...base, effect: result.deleted ? 'written' : 'alreadyDone', arm: result.arm } } : result;
    }
    case 'updateAddressSpace': {
      const result = await changeAddressSpace(step.vnetId, { add: step.add, remove: step.remove }, options);
      return result.ok ? { ok: true, outcome: { ...base, effect: result.changed ? 'written' : 'alreadyDone', vnet: result.vnet, arm: result.arm } } : result;
    }
  }
}

/** The result of one step of a batch. */
export interface StepResult {
  readonly stepId: string;
  readonly result: ArmResult<{ outcome: WriteStepOutcome }>;
}

/**
 * Executes steps: those sharing a lock VNet one after another in the given order, different VNets in
 * parallel, at most `maxParallel` at once. Every step runs (a failure does not stop the others); results
 * come back in the order of `steps`.
 */
export async function executeWriteSteps(
  steps: readonly WriteStep[],
  options: ArmReadOptions & { readonly maxParallel?: number } = {},
): Promise<StepResult[]> {
  const byVnet = new Map<string, number[]>();
  steps.forEach((step, index) => {
    const key = resourceKey(step.lockVnetId);
    byVnet.set(key, [...(byVnet.get(key) ?? []), index]);
  });
  const limit = pLimit(options.maxParallel ?? DEFAULT_MAX_PARALLEL_WRITES);
  const results: StepResult[] = new Array<StepResult>(steps.length);
  await Promise.all(
    [...byVnet.values()].map((queue) =>
      limit(async () => {
        for (const index of queue) {
          const step = steps[index] as WriteStep;
          results[index] = { stepId: step.stepId, result: await executeWriteStep(step, options) };
        }
      }),
    ),
  );
  return results;
}
