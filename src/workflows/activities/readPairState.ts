/** Activity `readPairState`: the VNets holding the sides a wait must see (one GET each). */
import { readVnets } from '../../azure/armReads.js';
import type { ReadPairStateInput, ReadPairStateOutput } from '../reconcile/activityTypes.js';
import { failureData, guarded } from './activitySupport.js';

export async function readPairState(input: ReadPairStateInput): Promise<ReadPairStateOutput> {
  return guarded<ReadPairStateOutput>(input.vnetIds.join(', '), async () => {
    const read = await readVnets(input.vnetIds);
    return read.ok ? { ok: true, snapshots: read.vnets, missing: read.missing } : { ok: false, failure: failureData(read.failure) };
  });
}
