// The drift audit: its orchestration and activities, the timer (%AUDIT_SCHEDULE%) and the HTTP API
// (POST /api/audits, GET /api/audits/{auditId}[/report[.json]]). Bodies load the SDKs on first use.
import { app, type HttpRequest, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { driftAudit } from '../src/workflows/audit/driftAudit.js';
import type { AuditClassifyInput, AuditFinishInput, AuditListInput, AuditRemediateInput } from '../src/workflows/audit/auditTypes.js';
import { AUDIT_ACTIVITIES, AUDIT_ORCHESTRATION } from '../src/workflows/audit/auditTypes.js';

df.app.orchestration(AUDIT_ORCHESTRATION, driftAudit);

df.app.activity(AUDIT_ACTIVITIES.setup, {
  handler: async (input: { auditId: string }) => (await import('../src/workflows/activities/auditSetup.js')).auditSetup(input),
});
df.app.activity(AUDIT_ACTIVITIES.listVnets, {
  handler: async (input: AuditListInput) => (await import('../src/workflows/activities/auditListVnets.js')).auditListVnets(input),
});
df.app.activity(AUDIT_ACTIVITIES.classify, {
  handler: async (input: AuditClassifyInput) => (await import('../src/workflows/activities/auditClassify.js')).auditClassify(input),
});
df.app.activity(AUDIT_ACTIVITIES.remediate, {
  extraInputs: [df.input.durableClient()],
  handler: async (input: AuditRemediateInput, context: InvocationContext) => (await import('../src/workflows/activities/auditRemediateVnet.js')).auditRemediateVnet(input, df.getClient(context)),
});
df.app.activity(AUDIT_ACTIVITIES.finish, {
  handler: async (input: AuditFinishInput) => (await import('../src/workflows/activities/auditFinish.js')).auditFinish(input),
});

app.timer('driftAuditTimer', {
  schedule: '%AUDIT_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext) =>
    (await import('../src/workflows/intake/auditRequests.js')).startScheduledAudit(df.getClient(context), new Date(), (m) => context.log(m)),
});

app.http('startAudit', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'audits',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => (await import('../src/workflows/intake/auditRequests.js')).startAuditRequest(request, df.getClient(context)),
});
app.http('auditStatus', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'audits/{auditId}',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => (await import('../src/workflows/intake/auditRequests.js')).auditStatusRequest(request, df.getClient(context)),
});
app.http('auditReport', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'audits/{auditId}/report',
  handler: async (request: HttpRequest) => (await import('../src/workflows/intake/auditRequests.js')).auditReportRequest(request, 'page'),
});
app.http('auditReportJson', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'audits/{auditId}/report.json',
  handler: async (request: HttpRequest) => (await import('../src/workflows/intake/auditRequests.js')).auditReportRequest(request, 'json'),
});
