// The reconcile orchestration (one instance per VNet) and its activities. The orchestrator is pure
// (src/workflows/reconcile); the activity bodies load the Azure SDKs on first use (cold start).
import * as df from 'durable-functions';
import { reconcileVnet } from '../src/workflows/reconcile/reconcileVnet.js';
import { ACTIVITIES } from '../src/workflows/reconcile/activityTypes.js';
import type { ProbePairsInput, ReadPairStateInput, ReadWorldInput, RecordPassInput } from '../src/workflows/reconcile/activityTypes.js';
import type { WriteStep } from '../src/domain/planTypes.js';
import { RECONCILE_ORCHESTRATION } from '../src/workflows/tickets.js';

df.app.orchestration(RECONCILE_ORCHESTRATION, reconcileVnet);

df.app.activity(ACTIVITIES.readWorld, {
  handler: async (input: ReadWorldInput) => (await import('../src/workflows/activities/readWorld.js')).readWorld(input),
});
df.app.activity(ACTIVITIES.applyWrite, {
  handler: async (step: WriteStep) => (await import('../src/workflows/activities/applyWrite.js')).applyWrite(step),
});
df.app.activity(ACTIVITIES.readPairState, {
  handler: async (input: ReadPairStateInput) => (await import('../src/workflows/activities/readPairState.js')).readPairState(input),
});
df.app.activity(ACTIVITIES.probePairs, {
  handler: async (input: ProbePairsInput) => (await import('../src/workflows/activities/probePairs.js')).probePairs(input),
});
df.app.activity(ACTIVITIES.recordPass, {
  handler: async (input: RecordPassInput) => (await import('../src/workflows/activities/recordPass.js')).recordPass(input),
});
