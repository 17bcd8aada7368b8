/**
 * Loop guard: the app's own writes come back as Event Grid events; recognise them by the caller's
 * object id so they cause at most one no-op pass, never a loop.
 */
import type { VnetChange } from './vnetChange.js';

/**
 * Loop guard: whether the change was made by the app itself (its object id equals the caller's,
 * case-insensitively). Unknown caller or unknown app id → false: reconciling once more is safe
 * (level-triggered, a converged VNet plans nothing), skipping a real change is not.
 */
export function isOwnWrite(change: Pick<VnetChange, 'callerObjectId'>, appObjectId: string | undefined): boolean {
  if (!change.callerObjectId || !appObjectId) return false;
  return change.callerObjectId.trim().toLowerCase() === appObjectId.trim().toLowerCase();
}
