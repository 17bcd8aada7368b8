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

/** Ids of the built-in role definitions (Azure's well-known GUIDs), for Event Grid's `authorization.evidence`. */
export const builtInRoleDefinitionIds: Record<string, string> = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'network contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'virtual machine contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
};

/** The role assignment that lets the principal perform the action on the scope, if any (closest scope first). */
export function authorizingAssignment(state: WorldState, principalId: string, action: string, scope: string): RoleAssignment | undefined {
  return state.roleAssignments
    .filter((assignment) => {
      if (assignment.principalId.toLowerCase() !== principalId.toLowerCase() || !scopeCovers(assignment.scope, scope)) return false;
      const permissions = permissionsOf(assignment);
      return permissions.actions.some((p) => actionMatches(p, action)) && !permissions.notActions.some((p) => actionMatches(p, action));
    })
    .sort((a, b) => b.scope.length - a.scope.length)[0];
}
