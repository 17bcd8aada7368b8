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
 * The VNets a step must have to itself: the one it writes (ARM locks it: 409 `AnotherOperationInProgress`)
 * and, for a peering, the remote one (a peering write needs its remote VNet `Succeeded`, not `Updating`:
 * 400 `ReferencedResourceNotProvisioned`).
 */
function vnetsOf(step: WriteStep): string[] {
  const keys = [resourceKey(step.lockVnetId)];
  if (step.kind !== 'updateAddressSpace') keys.push(resourceKey(step.remoteVnetId));
  return [...new Set(keys)];
}

/**
 * Executes steps so that two steps sharing a VNet (written or referenced) never run at once — each waits
 * for the earlier steps that touch its VNets, in the given order — while steps on different VNets run in
 * parallel, at most `maxParallel` at once. Every step runs (a failure does not stop the others); results
 * come back in the order of `steps`.
 */
export async function executeWriteSteps(
  steps: readonly WriteStep[],
  options: ArmReadOptions & { readonly maxParallel?: number } = {},
): Promise<StepResult[]> {
  const limit = pLimit(options.maxParallel ?? DEFAULT_MAX_PARALLEL_WRITES);
  const lastOnVnet = new Map<string, Promise<unknown>>();
  const runs = steps.map((step) => {
    const keys = vnetsOf(step);
    const earlier = keys.map((k) => lastOnVnet.get(k)).filter((p): p is Promise<unknown> => p !== undefined);
    // Wait first, then take a slot: a step waiting for its VNet never holds one of the `maxParallel` slots.
    const run = Promise.all(earlier).then(() => limit(() => executeWriteStep(step, options)));
    for (const key of keys) lastOnVnet.set(key, run);
    return run.then((result): StepResult => ({ stepId: step.stepId, result }));
  });
  return Promise.all(runs);
}
