/**
 * Packs ordered stages of writes into phases that respect ARM's per-VNet lock.
 *
 * ARM locks a VNet while any write on it or its peerings runs (a second one gets 409
 * `AnotherOperationInProgress`), so two writes with the same lock VNet never share a phase; writes on
 * different VNets do, and run in parallel. Stages stay in order: every write of stage n finishes before
 * any write of stage n+1 starts (deletes before the address change before creates, and so on).
 */
import type { PlanPhase, ProbeStep, WaitStep, WriteStep } from './planTypes.js';
import { resourceKey } from './resourceId.js';

/** A write before phase assignment (the step id is given when the phase is known). */
export type PendingWrite = WriteStep extends infer S ? (S extends WriteStep ? Omit<S, 'stepId'> : never) : never;


/** A named group of writes whose order relative to other stages matters. */
export interface Stage {
  readonly title: string;
  readonly writes: readonly PendingWrite[];
}

/**
 * Builds phases: each stage becomes as many phases as its busiest VNet has writes (the k-th write on each
 * VNet goes to the stage's k-th phase). Waits and probes go to the last phase, or to a phase of their own
 * when there are no writes.
 */
export function buildPhases(stages: readonly Stage[], waits: readonly WaitStep[], probes: readonly ProbeStep[]): PlanPhase[] {
  const groups: { title: string; writes: PendingWrite[] }[] = [];
  for (const stage of stages) {
    const perVnet = new Map<string, PendingWrite[]>();
    for (const write of stage.writes) {
      const key = resourceKey(write.lockVnetId);
      perVnet.set(key, [...(perVnet.get(key) ?? []), write]);
    }
    const depth = Math.max(0, ...[...perVnet.values()].map((list) => list.length));
    for (let k = 0; k < depth; k++) {
      const writes = [...perVnet.values()].flatMap((list) => list.slice(k, k + 1));
      groups.push({ title: depth > 1 ? `${stage.title} (${k + 1}/${depth})` : stage.title, writes });
    }
  }
  const phases: PlanPhase[] = groups.map((group, i) => ({
    index: i + 1,
    title: group.title,
    writes: group.writes.map((write, n) => ({ ...write, stepId: `${i + 1}.${n + 1}` }) as WriteStep),
    waits: [],
    probes: [],
  }));
  if (waits.length === 0 && probes.length === 0) return phases;
  const last = phases.at(-1);
  if (!last) return [{ index: 1, title: 'verify', writes: [], waits, probes }];
  phases[phases.length - 1] = { ...last, waits, probes };
  return phases;
}
