/** Activity `applyWrite`: one write step of a plan, waited for; ARM errors come back as values. */
import { executeWriteStep } from '../../azure/executeWriteStep.js';
import type { WriteStep } from '../../domain/planTypes.js';
import type { ApplyWriteOutput } from '../reconcile/activityTypes.js';
import { failureData, guarded } from './activitySupport.js';

export async function applyWrite(step: WriteStep): Promise<ApplyWriteOutput> {
  return guarded<ApplyWriteOutput>(step.targetId, async () => {
    const result = await executeWriteStep(step);
    if (!result.ok) return { ok: false, failure: failureData(result.failure) };
    const { outcome } = result;
    return {
      ok: true,
      effect: outcome.effect,
      ...(outcome.peering ? { peering: outcome.peering } : {}),
      ...(outcome.vnet ? { vnet: outcome.vnet } : {}),
      ...(outcome.arm.correlationId ? { correlationId: outcome.arm.correlationId } : {}),
    };
  });
}
