/**
 * The planner's decision for one pair of the owning VNet: which writes, in which stage, what to wait for
 * and what to probe. Pure; `plan.ts` enumerates the pairs and assembles the phases.
 */
import { diffAddressSpace } from './cidr.js';
import type { DesiredSide } from './desired.js';
import type { Inventory } from './inventory.js';
import type { PeeringOptions, PeeringSide, VnetSnapshot } from './model.js';
import { optionDifferences } from './model.js';
import type { PendingWrite } from './phases.js';
import type { Downtime, Finding, PairAction, PairPlan, ProbeStep, Strategy, WaitStep } from './planTypes.js';
import { parseVnetId, peeringIdOf, resourceKey, sameResourceId } from './resourceId.js';
import { sideNeedsSync } from './syncState.js';
import type { SideTarget } from './writeSteps.js';
import { createPeeringStep, deletePeeringStep, syncPeeringStep, updatePeeringStep } from './writeSteps.js';

/** Facts shared by every pair of one plan. */
export interface PairContext {
  readonly owner: VnetSnapshot;
  readonly inventory: Inventory;
  readonly strategy: Strategy;
  /** An address change of the owner is requested and changes something. */
  readonly changing: boolean;
  /** The change goes by delete → change → re-create (strategy `recreate`, or legacy ARM). */
  readonly recreateAll: boolean;
  /** Prefixes the owner gains (canonical). */
  readonly addedPrefixes: readonly string[];
  /** Lower-cased subscriptions the app may write; `undefined` = all. */
  readonly writable?: ReadonlySet<string>;
  /** Put drifted options back on existing sides (false: an audit's `safe` remediation). */
  readonly repairOptions: boolean;
}

/** One pair of the owner as the planner sees it. */
export interface PairCase {
  readonly key: string;
  readonly remoteId: string;
  /** In the desired state (else found on the VNet: only synced or recreated as it is, reported). */
  readonly managed: boolean;
  /** Remove the pair on both sides (DELETE /api/peerings). */
  readonly remove: boolean;
  /** Wanted sides (managed pairs). */
  readonly wantOwn?: DesiredSide;
  readonly wantRemote?: DesiredSide;
}

/** The writes, waits, probes and findings one pair contributes. */
export interface PairOutcome {
  readonly summary: PairPlan;
  readonly deletes: PendingWrite[];
  readonly createFirst: PendingWrite[];
  readonly createSecond: PendingWrite[];
  readonly updates: PendingWrite[];
  readonly waits: WaitStep[];
  readonly probes: ProbeStep[];
  readonly findings: Finding[];
  readonly recheck: boolean;
  /** The owner's side is left in place although the pair is skipped (blocks a legacy address change). */
  readonly ownSideLeft: boolean;
}

const BUSY = new Set(['updating', 'deleting']);

function nameOf(vnetId: string): string {
  return parseVnetId(vnetId).name;
}

/** Plans one pair. */
export function planPair(c: PairCase, ctx: PairContext): PairOutcome {
  const ownerId = ctx.owner.id;
  const own = ctx.inventory.side(ownerId, c.remoteId);
  const rem = ctx.inventory.side(c.remoteId, ownerId);
  const remoteVnet = ctx.inventory.vnet(c.remoteId);
  const out = new OutcomeBuilder(c, ctx, own, rem);

  if (c.remove) return removePair(out, own, rem);
  if (!remoteVnet) {
    return out.skip('RemoteVnetGone', 'warning', `VNet ${c.remoteId} no longer exists or cannot be read: pair ${nameOf(ownerId)} ↔ ${nameOf(c.remoteId)} reported, not touched`);
  }
  const outside = [ownerId, c.remoteId].find((id) => ctx.writable && !ctx.writable.has(parseVnetId(id).subscriptionId.toLowerCase()));
  if (outside) return out.skip('OutOfScope', 'warning', `VNet ${outside} is in a subscription outside SCOPE_SUBSCRIPTIONS: pair not touched`);
  const busy = [own, rem].find((s) => s && BUSY.has(s.provisioningState.toLowerCase()));
  if (busy) {
    return out.skip('SideBusy', 'info', `peering ${busy.id} is ${busy.provisioningState}: a write is running on it; re-read and plan again`, true);
  }
  if (!c.managed) out.finding('UnmanagedPeering', 'info', `peering between ${nameOf(ownerId)} and ${nameOf(c.remoteId)} is not in the desired state: reported, only synced or recreated as it is`);
  if (ctx.recreateAll && (own || rem)) return recreate(out, own, rem, 'address space changes by delete → change → re-create');
  if (!c.managed || !c.wantOwn || !c.wantRemote) return planUnmanaged(out, own, rem, remoteVnet);
  return planManaged(out, { own: c.wantOwn, remote: c.wantRemote }, own, rem, remoteVnet);
}

function removePair(out: OutcomeBuilder, own?: PeeringSide, rem?: PeeringSide): PairOutcome {
  const sides = [own, rem].filter((s): s is PeeringSide => s !== undefined);
  if (sides.length === 0) return out.skip('NothingToRemove', 'info', `no peering exists between ${nameOf(out.ctx.owner.id)} and ${nameOf(out.c.remoteId)}: nothing to remove`);
  for (const side of sides) out.deletes.push(deletePeeringStep(side, out.c.key, 'the pair is being removed on request'));
  return out.done('remove', 'none', { verify: false });
}

function planUnmanaged(out: OutcomeBuilder, own: PeeringSide | undefined, rem: PeeringSide | undefined, remoteVnet: VnetSnapshot): PairOutcome {
  if (!own || !rem || own.peeringState !== 'Connected' || rem.peeringState !== 'Connected') return out.done('none', 'none', { verify: false });
  const syncs = sidesToSync(out, own, rem, remoteVnet);
  if (syncs.length === 0) return out.done('none', 'none', { verify: false });
  if (out.ctx.strategy === 'recreate') return recreate(out, own, rem, 'a VNet of the pair was resized and the strategy is recreate');
  for (const side of syncs) out.updates.push(syncPeeringStep(side, side.options, [], out.c.key, syncReason(side)));
  return out.done('sync', 'none', { verify: true, state: 'FullyInSync' });
}

function planManaged(
  out: OutcomeBuilder,
  want: { own: DesiredSide; remote: DesiredSide },
  own: PeeringSide | undefined,
  rem: PeeringSide | undefined,
  remoteVnet: VnetSnapshot,
): PairOutcome {
  const { c } = out;
  const { own: wantOwn, remote: wantRemote } = want;
  if (!own && !rem) {
    if (!out.createBoth(wantOwn, wantRemote, 'the pair is desired but neither side exists')) return out.blocked();
    return out.done('create', 'notConnectedNow', { verify: true, state: 'Connected' });
  }
  if (own?.peeringState === 'Disconnected' || rem?.peeringState === 'Disconnected') {
    for (const side of [own, rem]) if (side) out.deletes.push(deletePeeringStep(side, c.key, `${side.name} is Disconnected: Azure needs both sides deleted and re-created`));
    if (!out.createBoth(wantOwn, wantRemote, 'the pair was Disconnected')) return out.blocked();
    return out.done('repair', 'notConnectedNow', { verify: true, state: 'Connected' });
  }
  if (!own || !rem) {
    const existing = (own ?? rem) as PeeringSide;
    const missingOnOwner = !own;
    const missing = missingOnOwner ? wantOwn : wantRemote;
    const target: SideTarget = missingOnOwner
      ? { localVnetId: out.ctx.owner.id, remoteVnetId: c.remoteId, name: missing.name }
      : { localVnetId: c.remoteId, remoteVnetId: out.ctx.owner.id, name: missing.name };
    if (!out.nameFree(target)) return out.blocked();
    out.createFirst.push(createPeeringStep(target, missing.options, c.key, `the side on ${nameOf(target.localVnetId)} is missing (${existing.name} is ${existing.peeringState})`));
    out.putOptionsBack(existing, missingOnOwner ? wantRemote.options : wantOwn.options, false);
    return out.done('repair', 'notConnectedNow', { verify: true, state: 'Connected' });
  }
  if (own.peeringState !== 'Connected' || rem.peeringState !== 'Connected') {
    out.finding('NotYetConnected', 'info', `both sides exist but are ${own.peeringState}/${rem.peeringState}: waiting for Connected`);
    return out.done('wait', 'notConnectedNow', { verify: true, state: 'Connected', probe: false, recheck: true });
  }
  const syncs = sidesToSync(out, own, rem, remoteVnet);
  if (syncs.length > 0 && out.ctx.strategy === 'recreate') return recreate(out, own, rem, 'a VNet of the pair was resized and the strategy is recreate');
  const synced = syncs.length > 0;
  out.putOptionsBack(own, wantOwn.options, syncs.includes(own));
  out.putOptionsBack(rem, wantRemote.options, syncs.includes(rem));
  if (synced) return out.done('sync', 'none', { verify: true, state: 'FullyInSync' });
  if (out.updates.length > 0) return out.done('update', 'none', { verify: true, state: 'Connected' });
  return out.done('none', 'none', { verify: false });
}

/** Sides to sync: out of sync now, or about to be (the peer side pointing at an owner being resized by `sync`). */
function sidesToSync(out: OutcomeBuilder, own: PeeringSide, rem: PeeringSide, remoteVnet: VnetSnapshot): PeeringSide[] {
  const predicted = out.ctx.changing && !out.ctx.recreateAll;
  const result: PeeringSide[] = [];
  if (sideNeedsSync(own, rem, remoteVnet)) result.push(own);
  if (predicted || sideNeedsSync(rem, own, out.ctx.owner)) result.push(rem);
  return result;
}

function syncReason(side: PeeringSide): string {
  return `${side.name} points at ${nameOf(side.remoteVnetId)}, whose address space changed: sync it (${side.peeringSyncLevel} when read)`;
}

function recreate(out: OutcomeBuilder, own: PeeringSide | undefined, rem: PeeringSide | undefined, why: string): PairOutcome {
  const { c, ctx } = out;
  for (const side of [own, rem]) if (side) out.deletes.push(deletePeeringStep(side, c.key, `${why}: delete ${side.name} (options kept in the plan)`));
  // Re-create under the names they had, with the wanted options (managed) or the snapshot (unmanaged).
  const ownOptions = c.managed ? c.wantOwn?.options : own?.options;
  const remOptions = c.managed ? c.wantRemote?.options : rem?.options;
  const ownName = own?.name ?? c.wantOwn?.name;
  const remName = rem?.name ?? c.wantRemote?.name;
  const createOwn = ownName !== undefined && ownOptions !== undefined && (c.managed || own !== undefined);
  const createRem = remName !== undefined && remOptions !== undefined && (c.managed || rem !== undefined);
  if (createOwn) out.createFirst.push(createPeeringStep({ localVnetId: ctx.owner.id, remoteVnetId: c.remoteId, name: ownName }, ownOptions, c.key, `${why}: re-create ${ownName}`));
  if (createRem) {
    const stage = createOwn ? out.createSecond : out.createFirst;
    stage.push(createPeeringStep({ localVnetId: c.remoteId, remoteVnetId: ctx.owner.id, name: remName }, remOptions, c.key, `${why}: re-create ${remName}`));
  }
  const wasUp = own?.peeringState === 'Connected' && rem?.peeringState === 'Connected';
  return out.done('recreate', wasUp ? 'deleteToCreate' : 'notConnectedNow', { verify: createOwn && createRem, state: 'Connected' });
}

/** Collects one pair's steps and builds its outcome. */
class OutcomeBuilder {
  readonly deletes: PendingWrite[] = [];
  readonly createFirst: PendingWrite[] = [];
  readonly createSecond: PendingWrite[] = [];
  readonly updates: PendingWrite[] = [];
  readonly findings: Finding[] = [];

  constructor(
    readonly c: PairCase,
    readonly ctx: PairContext,
    private readonly own: PeeringSide | undefined,
    private readonly rem: PeeringSide | undefined,
  ) {}

  finding(code: Finding['code'], severity: Finding['severity'], message: string): void {
    this.findings.push({ code, severity, message, pairKey: this.c.key, vnetId: this.ctx.owner.id });
  }

  /** Creates both sides, the owner's first. False (with a finding) when a name is taken by another peering. */
  createBoth(wantOwn: DesiredSide, wantRemote: DesiredSide, why: string): boolean {
    const ownTarget = { localVnetId: this.ctx.owner.id, remoteVnetId: this.c.remoteId, name: wantOwn.name };
    const remTarget = { localVnetId: this.c.remoteId, remoteVnetId: this.ctx.owner.id, name: wantRemote.name };
    if (!this.nameFree(ownTarget) || !this.nameFree(remTarget)) return false;
    this.createFirst.push(createPeeringStep(ownTarget, wantOwn.options, this.c.key, `${why}: create ${wantOwn.name}`));
    this.createSecond.push(createPeeringStep(remTarget, wantRemote.options, this.c.key, `${why}: create ${wantRemote.name}`));
    return true;
  }

  /** Whether `target.name` is free on its VNet (a peering of that name to another remote would be overwritten). */
  nameFree(target: SideTarget): boolean {
    const vnet = this.ctx.inventory.vnet(target.localVnetId);
    const clash = vnet?.peerings.find((p) => p.name.toLowerCase() === target.name.toLowerCase() && !sameResourceId(p.remoteVnetId, target.remoteVnetId));
    if (!clash) return true;
    this.finding('PeeringNameTaken', 'error', `cannot create ${target.name} on ${nameOf(target.localVnetId)}: a peering of that name already points at ${clash.remoteVnetId}; choose another name`);
    return false;
  }

  /** Adds an update (or a sync when `sync`) when the side's options differ from `wanted` or its last write failed. */
  putOptionsBack(side: PeeringSide, wanted: PeeringOptions, sync: boolean): void {
    if (!this.ctx.repairOptions) {
      // Options are left as found: a sync keeps them, an option-only update is reported instead.
      const left = optionDifferences(side.options, wanted);
      if (sync) this.updates.push(syncPeeringStep(side, side.options, [], this.c.key, syncReason(side)));
      if (left.length > 0) this.finding('OptionsNotRepaired', 'info', `options of ${side.name} differ from the desired ones (${left.map((d) => `${d.option}=${d.actual}`).join(', ')}): left as found (remediation 'safe'; 'all' puts them back)`);
      return;
    }
    const changes = optionDifferences(side.options, wanted);
    if (sync) {
      this.updates.push(syncPeeringStep(side, wanted, changes, this.c.key, syncReason(side)));
    } else if (changes.length > 0 || side.provisioningState.toLowerCase() === 'failed') {
      const why = changes.length > 0 ? `options of ${side.name} drifted from the desired ones` : `the last write on ${side.name} failed`;
      this.updates.push(updatePeeringStep(side, wanted, changes, this.c.key, why));
    }
  }

  skip(code: Finding['code'], severity: Finding['severity'], message: string, recheck = false): PairOutcome {
    this.finding(code, severity, message);
    return this.build('skip', 'none', [], [], recheck, this.own !== undefined);
  }

  blocked(): PairOutcome {
    this.deletes.length = 0;
    this.createFirst.length = 0;
    this.createSecond.length = 0;
    this.updates.length = 0;
    return this.build('skip', 'none', [], [], false, this.own !== undefined);
  }

  done(action: PairAction, downtime: Downtime, opts: { verify: boolean; state?: WaitStep['state']; probe?: boolean; recheck?: boolean }): PairOutcome {
    if (!opts.verify) return this.build(action, downtime, [], [], opts.recheck ?? false, false);
    const [ownId, remId] = this.finalSideIds();
    const vnetIds = [this.ctx.owner.id, this.c.remoteId] as const;
    const wait: WaitStep = {
      kind: 'waitFor',
      state: opts.state ?? 'Connected',
      pairKey: this.c.key,
      vnetIds,
      peeringIds: [ownId, remId],
      reason: opts.state === 'FullyInSync' ? 'both sides must be Connected and FullyInSync' : 'both sides must be Connected',
    };
    const probe: ProbeStep = {
      kind: 'probe',
      pairKey: this.c.key,
      vnetIds,
      extraDestinationPrefixes: this.newlyRouted(),
      reason: 'prove traffic flows across the changed pair',
    };
    return this.build(action, downtime, [wait], opts.probe === false ? [] : [probe], opts.recheck ?? false, false);
  }

  private finalSideIds(): [string, string] {
    const created = [...this.createFirst, ...this.createSecond];
    const pick = (local: string, existing: PeeringSide | undefined, fallback: DesiredSide | undefined): string => {
      const made = created.find((w) => w.kind === 'createPeering' && sameResourceId(w.localVnetId, local));
      if (made) return made.targetId;
      if (existing) return existing.id;
      return peeringIdOf(local, fallback?.name ?? 'unknown');
    };
    return [pick(this.ctx.owner.id, this.own, this.c.wantOwn), pick(this.c.remoteId, this.rem, this.c.wantRemote)];
  }

  /** Prefixes that become routed across the pair: the owner's requested additions and any space a side has not synced yet. */
  private newlyRouted(): string[] {
    const remoteVnet = this.ctx.inventory.vnet(this.c.remoteId);
    const found = new Set<string>(this.ctx.addedPrefixes);
    const add = (side: PeeringSide | undefined, current: readonly string[] | undefined) => {
      if (!side || !current) return;
      try {
        for (const p of diffAddressSpace(side.remoteAddressSpace, current).added) found.add(p);
      } catch {
        // Malformed prefixes from ARM: nothing reliable to add to the probe.
      }
    };
    add(this.own, remoteVnet?.addressSpace);
    add(this.rem, this.ctx.owner.addressSpace);
    return [...found].sort();
  }

  private build(action: PairAction, downtime: Downtime, waits: WaitStep[], probes: ProbeStep[], recheck: boolean, ownSideLeft: boolean): PairOutcome {
    const ownerKey = resourceKey(this.ctx.owner.id);
    const vnetIds: [string, string] = [this.ctx.owner.id, this.c.remoteId];
    return {
      summary: { pairKey: this.c.key, vnetIds: ownerKey <= resourceKey(this.c.remoteId) ? vnetIds : [vnetIds[1], vnetIds[0]], action, downtime, managed: this.c.managed },
      deletes: this.deletes,
      createFirst: this.createFirst,
      createSecond: this.createSecond,
      updates: this.updates,
      waits,
      probes,
      findings: this.findings,
      recheck,
      ownSideLeft,
    };
  }
}
