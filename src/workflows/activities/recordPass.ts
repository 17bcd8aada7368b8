/**
 * Activity `recordPass`: remembers the pairs the pass adopted (or made on request), forgets the pairs
 * removed on request, ends the operations of the requests it carried, and writes its audit entries.
 * Storage errors throw: the orchestrator calls it with the extension's retries.
 */
import { recordAction } from '../../azure/storage/auditTrail.js';
import { finishOperation } from '../../azure/storage/operations.js';
import { forgetPair, rememberPairs } from '../../azure/storage/rememberedPairs.js';
import type { RecordPassInput } from '../reconcile/activityTypes.js';
import { appTables } from './activitySupport.js';

export async function recordPass(input: RecordPassInput): Promise<{ remembered: number; forgotten: number; recorded: number }> {
  const tables = appTables();
  await rememberPairs(input.remember, { table: tables.rememberedPairs });
  for (const [a, b] of input.forget ?? []) await forgetPair(a, b, { table: tables.rememberedPairs });
  for (const op of input.operations ?? []) await finishOperation(op.operationId, op.status, op, op.finishedAt, { table: tables.operations });
  for (const entry of input.entries) await recordAction(entry, { table: tables.auditTrail });
  return { remembered: input.remember.length, forgotten: input.forget?.length ?? 0, recorded: input.entries.length };
}
