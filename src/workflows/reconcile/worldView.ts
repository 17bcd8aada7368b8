/**
 * What the orchestration knows of the VNets during a pass: the snapshots read at its start, updated by
 * each write's result (a peering PUT answers with the side as it is once the operation finished) and by
 * later reads. A side is *stale* when a write elsewhere may have changed it (creating B→A turns A→B
 * Connected; syncing B→A makes A→B FullyInSync) and it has not been read since. Waits read only the VNets
 * holding stale or unfinished sides: after syncing the three peerings that point at a resized VNet, one
 * GET of that VNet verifies all three pairs (ARM economy).
 *
 * Pure and deterministic (orchestrators rebuild it on replay from the activity results in history).
 */
import type { PeeringSide, VnetSnapshot } from '../../domain/model.js';
import type { WaitStep, WriteStep } from '../../domain/planTypes.js';
import { resourceKey, sameResourceId } from '../../domain/resourceId.js';
import type { WriteEffect } from './activityTypes.js';

function sideKey(localVnetId: string, remoteVnetId: string): string {
  return `${resourceKey(localVnetId)}>${resourceKey(remoteVnetId)}`;
}

/** The state of one side for reports: `null` when the side does not exist. */
export type SideState = { readonly id: string; readonly peeringState: string; readonly peeringSyncLevel: string; readonly provisioningState: string } | null;

/** Snapshots plus what is known to be out of date. */
export class WorldView {
  readonly #vnets = new Map<string, VnetSnapshot>();
  readonly #stale = new Set<string>();

  constructor(snapshots: readonly VnetSnapshot[]) {
    for (const snapshot of snapshots) this.#vnets.set(resourceKey(snapshot.id), snapshot);
  }

  /** Every VNet known, in insertion order. */
  snapshots(): VnetSnapshot[] {
    return [...this.#vnets.values()];
  }

  vnet(id: string): VnetSnapshot | undefined {
    return this.#vnets.get(resourceKey(id));
  }

  /** The side on `localVnetId` pointing at `remoteVnetId`, if known. */
  side(localVnetId: string, remoteVnetId: string): PeeringSide | undefined {
    return this.vnet(localVnetId)?.peerings.find((p) => sameResourceId(p.remoteVnetId, remoteVnetId));
  }

  /** Takes in what a successful write did. */
  applyWrite(step: WriteStep, effect: WriteEffect): void {
    if (step.kind === 'updateAddressSpace') {
      if (effect.vnet) this.#replace(effect.vnet);
      // Every side pointing at the resized VNet now sees another remote space.
      for (const side of this.vnet(step.vnetId)?.peerings ?? []) this.#stale.add(sideKey(side.remoteVnetId, step.vnetId));
      return;
    }
    const local = this.vnet(step.localVnetId);
    if (local) {
      const others = local.peerings.filter((p) => p.name.toLowerCase() !== step.name.toLowerCase());
      const peerings = step.kind !== 'deletePeering' && effect.peering ? [...others, effect.peering] : others;
      this.#vnets.set(resourceKey(local.id), { ...local, peerings });
    }
    this.#stale.delete(sideKey(step.localVnetId, step.remoteVnetId));
    this.#stale.add(sideKey(step.remoteVnetId, step.localVnetId));
  }

  /** Takes in fresh reads: the VNets read replace what was known; `missing` ones are gone. */
  refresh(snapshots: readonly VnetSnapshot[], missing: readonly string[] = []): void {
    for (const snapshot of snapshots) this.#replace(snapshot);
    for (const id of missing) {
      this.#vnets.delete(resourceKey(id));
      this.#clearStaleOn(id);
    }
  }

  /** Whether both sides of the wait's pair are known, current and in the wanted state. */
  reached(wait: WaitStep): boolean {
    const [a, b] = wait.vnetIds;
    return this.#meets(a, b, wait) && this.#meets(b, a, wait);
  }

  /** The VNets to read before the waits can be judged: those holding a stale or unfinished side. */
  vnetsToRead(waits: readonly WaitStep[]): string[] {
    const ids = new Map<string, string>();
    for (const wait of waits) {
      const [a, b] = wait.vnetIds;
      for (const [local, remote] of [[a, b], [b, a]] as const) {
        if (!this.#meets(local, remote, wait)) ids.set(resourceKey(local), local);
      }
    }
    return [...ids.values()];
  }

  /** Both sides of a pair as known now, for the record. */
  sideStates(vnetIds: readonly [string, string]): [SideState, SideState] {
    const state = (local: string, remote: string): SideState => {
      const side = this.side(local, remote);
      return side ? { id: side.id, peeringState: side.peeringState, peeringSyncLevel: side.peeringSyncLevel, provisioningState: side.provisioningState } : null;
    };
    return [state(vnetIds[0], vnetIds[1]), state(vnetIds[1], vnetIds[0])];
  }

  #meets(local: string, remote: string, wait: WaitStep): boolean {
    if (this.#stale.has(sideKey(local, remote))) return false;
    const side = this.side(local, remote);
    if (!side || side.peeringState !== 'Connected' || side.provisioningState.toLowerCase() !== 'succeeded') return false;
    return wait.state !== 'FullyInSync' || side.peeringSyncLevel === 'FullyInSync';
  }

  #replace(snapshot: VnetSnapshot): void {
    this.#vnets.set(resourceKey(snapshot.id), snapshot);
    this.#clearStaleOn(snapshot.id);
  }

  #clearStaleOn(vnetId: string): void {
    const prefix = `${resourceKey(vnetId)}>`;
    for (const key of [...this.#stale]) if (key.startsWith(prefix)) this.#stale.delete(key);
  }
}
