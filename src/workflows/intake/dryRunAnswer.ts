/**
 * A dry run: read as a pass reads (`readWorld`), plan with the pass's own planning (`planPass`), and
 * answer with the ordered writes (target, query, body summary), waits, probes, the expected downtime of
 * each pair and the plan as text. Nothing is written.
 */
import type { HttpResponseInit } from '@azure/functions';
import { expectedDowntime, formatPlan } from '../../domain/planText.js';
import { readWorld } from '../activities/readWorld.js';
import { planPass } from '../reconcile/planPass.js';
import type { PassWork } from '../reconcile/passWork.js';
import { composePass } from '../reconcile/passWork.js';
import type { RequestTicket } from '../tickets.js';
import { errorAnswer } from './httpAnswers.js';

/** Plans `ticket` as its pass would, without writing. */
export async function dryRunAnswer(ticket: RequestTicket): Promise<HttpResponseInit> {
  const work: PassWork = composePass([ticket]);
  const alsoRead = [...(work.extraDesired ?? []).flatMap((p) => [p.a.vnetId, p.b.vnetId]), ...(work.removePairs ?? []).flat()];
  const world = await readWorld({ vnetId: ticket.vnetId, alsoRead });
  if (!world.ok) return errorAnswer(world.failure.kind === 'transient' ? 503 : 502, world.failure.code, `reading ${world.failure.target} for the dry run failed: ${world.failure.message}`, 'vnet');
  const { plan, strategy, findings } = planPass(ticket.vnetId, world, work);
  return {
    status: 200,
    jsonBody: {
      dryRun: true,
      vnetId: plan.vnetId,
      strategy: strategy.strategy,
      strategySource: strategy.source,
      writes: plan.phases.flatMap((phase) =>
        phase.writes.map((w) => ({
          stepId: w.stepId,
          phase: phase.index,
          kind: w.kind,
          method: w.request.method,
          target: w.request.path,
          ...(w.request.query ? { query: w.request.query } : {}),
          ...(w.request.body ? { body: w.request.body } : {}),
          summary: w.summary,
          reason: w.reason,
        })),
      ),
      waits: plan.phases.flatMap((phase) => phase.waits.map((w) => ({ phase: phase.index, state: w.state, vnetIds: [...w.vnetIds] }))),
      probes: plan.phases.flatMap((phase) => phase.probes.map((p) => ({ vnetIds: [...p.vnetIds], extraDestinationPrefixes: [...p.extraDestinationPrefixes] }))),
      // A removed pair stops carrying traffic for good: say so rather than the planner's "no downtime" of its writes.
      pairs: plan.pairs
        .filter((p) => p.action !== 'none')
        .map((p) => ({ vnetIds: [...p.vnetIds], action: p.action, downtime: p.downtime, expectedDowntime: expectedDowntime(p) })),
      findings: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      text: formatPlan({ ...plan, findings: [...findings] }),
    },
  };
}
