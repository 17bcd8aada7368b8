/**
 * The principals every lab scenario has — the app's managed identity and a person in the portal — with the
 * roles they hold on each subscription (what RBAC mode checks): Network Contributor for peerings and
 * connectivity checks and Reader for the VM and extension reads a check makes (the app); Contributor (the person).
 */
import type { ScenarioInput } from '../arm/scenario/scenarioSchema.js';

/** The app's managed identity (object id) and the portal user. */
export const labAppPrincipalId = '00000000-0000-0000-0000-0000000000a1';
export const labPortalPrincipalId = '00000000-0000-0000-0000-0000000000b1';

/** `principals` and `roleAssignments` of a scenario over `subscriptions`. */
export function labIdentities(subscriptions: readonly string[]): Pick<ScenarioInput, 'principals' | 'roleAssignments'> {
  return {
    principals: [
      { id: labAppPrincipalId, name: 'vnet-peering-keeper (managed identity)', kind: 'ManagedIdentity', role: 'app' },
      { id: labPortalPrincipalId, name: 'ana.garcia@contoso.example', kind: 'User', role: 'portal' },
    ],
    roleAssignments: subscriptions.flatMap((sub) => [
      { principal: 'app', role: 'Network Contributor', scope: `/subscriptions/${sub}` },
      { principal: 'app', role: 'Reader', scope: `/subscriptions/${sub}` },
      { principal: 'portal', role: 'Contributor', scope: `/subscriptions/${sub}` },
    ]),
  };
}
