/**
 * Azure subscription system events (`Microsoft.Resources.ResourceWriteSuccess` / `ResourceDeleteSuccess` /
 * `ResourceActionSuccess`) built from the activity log, in the **Event Grid schema** exactly as the samples
 * of `articles/event-grid/event-schema-subscriptions.md` show them (member order included), or in the
 * CloudEvents 1.0 form (`source`/`type`/`time`/`specversion`).
 *
 * `data.claims` are the caller's token claims as ARM passes them on (claim URIs, string values): the object
 * id under `http://schemas.microsoft.com/identity/claims/objectidentifier`, so a subscriber can tell the
 * app's managed identity from a person. `data.authorization.evidence` names the role assignment that
 * allowed the call (and always the `principalId`). `data.httpRequest` is absent on the first create of a
 * resource, as the docs say.
 */
import type { ActivityRecord } from '../activityLog.js';
import { armAudience } from '../auth/tokens.js';
import { authorizingAssignment, builtInRoleDefinitionIds } from '../auth/rbac.js';
import type { Principal, WorldState } from '../model.js';

/** The object-id claim URI of ARM's event claims. */
export const objectIdClaim = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
/** The Azure portal's application id (a person's calls come through it). */
const portalAppId = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

/** An event in the Event Grid schema. */
export interface EventGridEvent {
  subject: string;
  eventType: string;
  eventTime: string;
  id: string;
  data: Record<string, unknown>;
  dataVersion: string;
  metadataVersion: string;
  topic: string;
}

/** An event in the CloudEvents 1.0 schema. */
export interface CloudEvent {
  subject: string;
  source: string;
  type: string;
  time: string;
  id: string;
  data: Record<string, unknown>;
  specversion: '1.0';
}

const eventTypes = { write: 'Microsoft.Resources.ResourceWriteSuccess', delete: 'Microsoft.Resources.ResourceDeleteSuccess', action: 'Microsoft.Resources.ResourceActionSuccess' } as const;

/** The event type of an activity record. */
export function eventTypeOf(record: ActivityRecord): string {
  return eventTypes[record.kind];
}

function principalType(principal: Principal | undefined): string {
  return principal?.kind === 'User' ? 'User' : 'ServicePrincipal';
}

/** The token claims of the caller, as strings (the docs' sample shape). */
function claimsOf(record: ActivityRecord, principal: Principal | undefined): Record<string, string> {
  const issuedAt = Math.floor(Date.parse(record.time) / 1000) - 60;
  const user = principal?.kind === 'User';
  return {
    aud: armAudience,
    iss: `https://sts.windows.net/${record.tenantId}/`,
    iat: String(issuedAt),
    nbf: String(issuedAt - 300),
    exp: String(issuedAt + 3600),
    'http://schemas.microsoft.com/claims/authnclassreference': user ? '1' : '0',
    ...(user ? { 'http://schemas.microsoft.com/claims/authnmethodsreferences': 'pwd,mfa' } : {}),
    appid: user ? portalAppId : record.principalId,
    appidacr: user ? '0' : '2',
    idtyp: user ? 'user' : 'app',
    ...(user ? { name: principal?.name ?? record.principalId, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': principal?.name ?? record.principalId } : {}),
    [objectIdClaim]: record.principalId,
    ...(user ? { 'http://schemas.microsoft.com/identity/claims/scope': 'user_impersonation' } : {}),
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': record.principalId,
    'http://schemas.microsoft.com/identity/claims/tenantid': record.tenantId,
    ver: '1.0',
  };
}

/** `data.authorization`: scope, action, and the evidence (the matching role assignment, when there is one). */
function authorizationOf(state: WorldState, record: ActivityRecord, principal: Principal | undefined): Record<string, unknown> {
  const assignment = authorizingAssignment(state, record.principalId, record.operationName, record.resourceId);
  const evidence = assignment
    ? {
        role: assignment.role,
        roleAssignmentScope: assignment.scope,
        roleAssignmentId: assignment.id.replace(/-/g, ''),
        roleDefinitionId: (builtInRoleDefinitionIds[assignment.role.toLowerCase()] ?? assignment.id).replace(/-/g, ''),
        principalId: record.principalId,
        principalType: principalType(principal),
      }
    : { role: 'Subscription Admin', principalId: record.principalId, principalType: principalType(principal) };
  return { scope: record.resourceId, action: record.operationName, evidence };
}

/** `data` of a resource event. */
export function eventData(state: WorldState, record: ActivityRecord): Record<string, unknown> {
  const principal = state.principals.find((p) => p.id.toLowerCase() === record.principalId.toLowerCase());
  return {
    authorization: authorizationOf(state, record, principal),
    claims: claimsOf(record, principal),
    correlationId: record.correlationId,
    resourceProvider: record.resourceProvider,
    resourceUri: record.resourceId,
    operationName: record.operationName,
    status: record.status,
    subscriptionId: record.subscriptionId,
    tenantId: record.tenantId,
    ...(record.httpRequest ? { httpRequest: { ...record.httpRequest } } : {}),
  };
}

/** The record as an Event Grid schema event of `topic`. */
export function toEventGridEvent(state: WorldState, record: ActivityRecord, id: string, topic: string): EventGridEvent {
  return { subject: record.resourceId, eventType: eventTypeOf(record), eventTime: record.time, id, data: eventData(state, record), dataVersion: '2', metadataVersion: '1', topic };
}

/** The record as a CloudEvents 1.0 event whose `source` is `topic`. */
export function toCloudEvent(state: WorldState, record: ActivityRecord, id: string, topic: string): CloudEvent {
  return { subject: record.resourceId, source: topic, type: eventTypeOf(record), time: record.time, id, data: eventData(state, record), specversion: '1.0' };
}
