/**
 * Activity `auditListVnets`: every VNet of one subscription, peerings inline, listed page by page
 * (`VirtualNetworks_ListAll` and its `nextLink`s: the only ARM calls an audit makes), written to blob
 * storage as one JSON document. Returns counts only. Written only when the whole list was read, so a
 * failed page never leaves a partial inventory that would look like deleted VNets.
 */
import { listVnets } from '../../azure/armReads.js';
import { putJson } from '../../azure/storage/blobDocuments.js';
import type { AuditListInput, AuditListOutput } from '../audit/auditTypes.js';
import { auditBlobs } from '../audit/auditTypes.js';
import { auditContainer, failureData, guarded } from './activitySupport.js';

export async function auditListVnets(input: AuditListInput): Promise<AuditListOutput> {
  return guarded<AuditListOutput>(`/subscriptions/${input.subscriptionId}`, async () => {
    const listed = await listVnets(input.subscriptionId);
    if (!listed.ok) return { ok: false, failure: failureData(listed.failure) };
    await putJson(auditContainer(), auditBlobs.inventory(input.auditId, input.subscriptionId), listed.vnets);
    return { ok: true, vnets: listed.count, peerings: listed.vnets.reduce((n, v) => n + v.peerings.length, 0), pages: listed.pages };
  });
}
