/**
 * How a pair is drawn in the report: one status from both sides' peering states and sync levels.
 *
 * Worst first: a `Disconnected` side carries no traffic whatever the other says; a single side or an
 * `Initiated` one is half-made; two `Connected` sides are `notInSync` while a resized space is not routed
 * yet (by level or by routed space, as the planner judges it). A state ARM may add later is not trusted as
 * connected: it is drawn red, to be looked at.
 */
import type { PeeringSide, VnetSnapshot } from '../domain/model.js';
import { isInSync } from '../domain/syncState.js';
import type { PairStatus } from './auditReport.js';

/** The status of the pair whose sides are `ab` (on VNet `a`, pointing at `b`) and `ba`; `vnetA`/`vnetB` when read. */
export function pairStatus(ab: PeeringSide | undefined, ba: PeeringSide | undefined, vnetA?: VnetSnapshot, vnetB?: VnetSnapshot): PairStatus {
  if (!ab && !ba) return 'missing';
  const states = [ab, ba].flatMap((s) => (s ? [s.peeringState] : []));
  if (states.includes('Disconnected')) return 'disconnected';
  if (states.some((s) => s !== 'Initiated' && s !== 'Connected')) return 'disconnected';
  if (!ab || !ba || states.includes('Initiated')) return 'initiated';
  return isInSync(ab, ba, vnetB) && isInSync(ba, ab, vnetA) ? 'connected' : 'notInSync';
}
