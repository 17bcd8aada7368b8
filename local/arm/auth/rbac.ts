/**
 * Role-based access control as ARM evaluates it: a principal may perform an action on a scope when one of
 * its role assignments sits at that scope or above it, and the role's actions match the action (wildcards,
 * case-insensitive) without a matching notAction.
 */
import type { RoleAssignment, WorldState } from '../model.js';

/** A role's permission set. */
export interface RolePermissions {
  actions: string[];
  notActions: string[];
}

/** The built-in roles the emulator knows (abridged to what matters for networks). */
export const builtInRoles: Record<string, RolePermissions> = {
  owner: { actions: ['*'], notActions: [] },
  contributor: { actions: ['*'], notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'] },
  reader: { actions: ['*/read'], notActions: [] },
  'network contributor': {
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Network/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    notActions: [],
  },
  'virtual machine contributor': {
    actions: ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Network/networkInterfaces/*', 'Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/virtualNetworks/subnets/join/action', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    notActions: [],
  },
};

function permissionsOf(assignment: RoleAssignment): RolePermissions {
  if (assignment.actions) return { actions: assignment.actions, notActions: assignment.notActions ?? [] };
  const role = builtInRoles[assignment.role.toLowerCase()];
  if (!role) throw new Error(`rbac: role assignment ${assignment.id} names unknown role '${assignment.role}' and gives no actions`);
  return role;
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether an action pattern (`Microsoft.Network/*`, `*\/read`) covers an action. */
export function actionMatches(pattern: string, action: string): boolean {
  return patternToRegExp(pattern).test(action);
}

/** Whether `scope` is `assignmentScope` or lies under it (segment-wise, case-insensitive). */
export function scopeCovers(assignmentScope: string, scope: string): boolean {
  const outer = assignmentScope.toLowerCase().replace(/\/+$/, '');
  const inner = scope.toLowerCase().replace(/\/+$/, '');
  return outer === '' || outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/** Whether the principal may perform the action on the scope under the world's role assignments. */
export function isAuthorized(state: WorldState, principalId: string, action: string, scope: string): boolean {
  return state.roleAssignments.some((assignment) => {
    if (assignment.principalId.toLowerCase() !== principalId.toLowerCase() || !scopeCovers(assignment.scope, scope)) return false;
    const permissions = permissionsOf(assignment);
    return permissions.actions.some((p) => actionMatches(p, action)) && !permissions.notActions.some((p) => actionMatches(p, action));
  });
}
