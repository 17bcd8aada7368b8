/**
 * Activity `auditSetup`: what an audit runs with — the subscriptions in scope, `REMEDIATION`, `PRUNE`, the
 * cap on VNets remediated at once, and whether a topology file gives the desired state (it is read and
 * validated here, so a broken file fails the audit at once with its line and field).
 */
import type { AuditSetupOutput } from '../audit/auditTypes.js';
import { guarded, settings } from './activitySupport.js';
import { loadTopology } from './loadTopology.js';

export async function auditSetup(input: { auditId: string }): Promise<AuditSetupOutput> {
  return guarded<AuditSetupOutput>(input.auditId, async () => {
    const s = settings();
    if (s.topologyFile) {
      try {
        await loadTopology(s.topologyFile);
      } catch (error) {
        return { ok: false, failure: { kind: 'permanent', code: 'InvalidTopologyFile', message: (error as Error).message, status: 0, target: s.topologyFile } };
      }
    }
    return {
      ok: true,
      subscriptions: s.scopeSubscriptions,
      remediation: s.remediation,
      prune: s.prune,
      maxParallelVnets: s.auditMaxParallelVnets,
      desiredSource: s.topologyFile ? 'topology' : 'remembered',
    };
  });
}
