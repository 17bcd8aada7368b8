/**
 * Activity `recordPass`: remembers the pairs the pass adopted (or made on request) and writes its audit
 * entries. Storage errors throw: the orchestrator calls it with the extension's retries.
 */
import { recordAction } from '../../azure/storage/auditTrail.js';
import { rememberPairs } from '../../azure/storage/rememberedPairs.js';
import type { RecordPassInput } from '../reconcile/activityTypes.js';
import { appTables } from './activitySupport.js';

export async function recordPass(input: RecordPassInput): Promise<{ remembered: number; recorded: number }> {
  const tables = appTables();
  await rememberPairs(input.remember, { table: tables.rememberedPairs });
  for (const entry of input.entries) await recordAction(entry, { table: tables.auditTrail });
  return { remembered: input.remember.length, recorded: input.entries.length };
}
