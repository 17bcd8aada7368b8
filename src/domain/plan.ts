/**
 * The planner: (desired pairs, snapshots of a VNet and its remotes, strategy, optional address change)
 * → ordered phases of ARM writes, then waits and probes.
 *
 * Level-triggered: it never asks what event happened, only compares what is wanted with what is there,
 * so planning again on the converged state yields an empty plan. Deterministic: orchestrators call it
 * (on replay too); no clock, no randomness, output sorted.
 */
import { canonicalCidr, comparePrefixes, normalizeAddressSpace } from './cidr.js';
import type { DesiredPair } from './desired.js';
import { involves, orient } from './desired.js';
import type { Inventory } from './inventory.js';
import { buildInventory, pairKey } from './inventory.js';
import type { VnetSnapshot } from './model.js';
import { describePeeringOverlap, findPeeringOverlap } from './overlapGuard.js';
import type { Stage } from './phases.js';
import { buildPhases } from './phases.js';
import type { PairCase, PairContext, PairOutcome } from './planPair.js';
import { planPair } from './planPair.js';
import type { Finding, Plan, Strategy, WriteStep } from './planTypes.js';
import { resourceKey, sameResourceId } from './resourceId.js';
import { addressSpaceStep } from './writeSteps.js';

/** A requested address-space change (HTTP path). Prefixes must have passed the refusals (valid, canonical). */
export interface AddressChangeRequest {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/** Everything the planner looks at. */
export interface PlanInput {
  /** The VNet whose reconcile instance runs the plan; only its pairs are planned. */
  readonly vnetId: string;
  /** Desired pairs; those not touching `vnetId` are ignored. */
  readonly desired: readonly DesiredPair[];
  /** The VNet and each remote as read now; a remote missing here is treated as gone (reported, not touched). */
  readonly snapshots: readonly VnetSnapshot[];
  readonly strategy: Strategy;
  /** Address change to make on `vnetId` (HTTP path). On the Event Grid path the change already happened: omit. */
  readonly addressChange?: AddressChangeRequest;
  /** ARM refuses address changes while peered (legacy): the change goes by delete → change → re-create. */
  readonly addressSpaceLockedWhilePeered?: boolean;
  /** Pairs to remove on both sides (each as its two VNet ids). */
  readonly removePairs?: readonly (readonly [string, string])[];
  /** Subscriptions the app may write (`SCOPE_SUBSCRIPTIONS`); pairs reaching outside are reported. Omit for no limit. */
  readonly writableSubscriptions?: readonly string[];
  /**
   * Put drifted options back on existing sides (default true). False for an audit's `safe` remediation:
   * missing, Disconnected and unsynced pairs are repaired, options are left as found (reported).
   */
  readonly repairOptions?: boolean;
}

/** Plans the work for one VNet. See {@link PlanInput}; the result is described in `planTypes.ts`. */
export function planVnet(input: PlanInput): Plan {
  const inventory = buildInventory(input.snapshots);
  const owner = inventory.vnet(input.vnetId);
  if (!owner) {
    const finding: Finding = { code: 'VnetNotFound', severity: 'error', vnetId: input.vnetId, message: `VNet ${input.vnetId} does not exist or cannot be read: nothing planned` };
    return { vnetId: input.vnetId, strategy: input.strategy, phases: [], pairs: [], findings: [finding], recheck: false };
  }
  const change = effectiveChange(owner, input.addressChange);
  const changing = change !== undefined && (change.add.length > 0 || change.remove.length > 0);
  const ctx: PairContext = {
    owner,
    inventory,
    strategy: input.strategy,
    changing,
    recreateAll: changing && (input.strategy === 'recreate' || input.addressSpaceLockedWhilePeered === true),
    addedPrefixes: change?.add ?? [],
    repairOptions: input.repairOptions ?? true,
    ...(input.writableSubscriptions ? { writable: new Set(input.writableSubscriptions.map((s) => s.toLowerCase())) } : {}),
  };
  const ownerSpace = changing && change ? expectedSpace(owner, change) : owner.addressSpace;
  const outcomes = pairCases(input, inventory, owner).map((c) => guardOverlaps(planPair(c, ctx), c, ctx, ownerSpace));
  const findings = [...duplicateFindings(inventory, owner), ...outcomes.flatMap((o) => o.findings)];

  const blockers = outcomes.filter((o) => o.ownSideLeft);
  if (changing && input.addressSpaceLockedWhilePeered && blockers.length > 0) {
    findings.push({
      code: 'AddressChangeBlocked',
      severity: 'error',
      vnetId: owner.id,
      message: `the address space of ${owner.name} cannot change while it has peerings, and ${blockers.length} of them cannot be deleted and re-created now (see the other findings): nothing changed`,
    });
    return { vnetId: owner.id, strategy: input.strategy, phases: [], pairs: outcomes.map((o) => o.summary), findings, addressChange: change, recheck: outcomes.some((o) => o.recheck) };
  }

  const stages: Stage[] = [
    { title: 'delete peerings', writes: outcomes.flatMap((o) => o.deletes) },
    { title: 'update address space', writes: changing && change ? [addressSpaceStep(owner, { ...change, expected: expectedSpace(owner, change) }, addressReason(ctx))] : [] },
    { title: 'create peerings', writes: outcomes.flatMap((o) => o.createFirst) },
    { title: 'create peerings (other side)', writes: outcomes.flatMap((o) => o.createSecond) },
    { title: 'update and sync peerings', writes: outcomes.flatMap((o) => o.updates) },
  ];
  const phases = buildPhases(stages, outcomes.flatMap((o) => o.waits), outcomes.flatMap((o) => o.probes));
  return {
    vnetId: owner.id,
    strategy: input.strategy,
    phases,
    pairs: outcomes.map((o) => o.summary),
    findings,
    ...(change ? { addressChange: change } : {}),
    recheck: outcomes.some((o) => o.recheck),
  };
}

/** Whether a plan makes no write and waits for nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.phases.length === 0;
}

/** Every write of a plan in execution order (phases, then steps). */
export function planWrites(plan: Plan): WriteStep[] {
  return plan.phases.flatMap((phase) => phase.writes);
}

function effectiveChange(owner: VnetSnapshot, request: AddressChangeRequest | undefined) {
  if (!request) return undefined;
  const current = new Set(normalizeAddressSpace(owner.addressSpace));
  const add = [...new Set((request.add ?? []).map(canonicalCidr))].filter((p) => !current.has(p)).sort(comparePrefixes);
  const remove = [...new Set((request.remove ?? []).map(canonicalCidr))].filter((p) => current.has(p)).sort(comparePrefixes);
  return { add, remove };
}

function expectedSpace(owner: VnetSnapshot, change: { add: readonly string[]; remove: readonly string[] }): string[] {
  const removed = new Set(change.remove);
  return normalizeAddressSpace([...normalizeAddressSpace(owner.addressSpace).filter((p) => !removed.has(p)), ...change.add]);
}

function addressReason(ctx: PairContext): string {
  if (!ctx.recreateAll) return 'requested address change; peers are synced afterwards (no downtime)';
  return 'requested address change, made while the VNet has no peerings (delete → change → re-create)';
}

const WHAT: Partial<Record<PairOutcome['summary']['action'], string>> = {
  create: 'creating the peering',
  repair: 'repairing the peering',
  recreate: 'deleting and re-creating the peering',
  sync: 'syncing the peering',
  update: 'updating the peering',
};

/**
 * A pair whose writes ARM would refuse for overlapping address spaces is not touched at all — above all not
 * deleted when it could not be re-created — and reported as an error; its probe stays, to show the effect.
 */
function guardOverlaps(outcome: PairOutcome, c: PairCase, ctx: PairContext, ownerSpace: readonly string[]): PairOutcome {
  const writes = outcome.createFirst.length + outcome.createSecond.length + outcome.updates.length;
  const remote = ctx.inventory.vnet(c.remoteId);
  if (writes === 0 || !remote) return outcome;
  const overlap = findPeeringOverlap(ctx.owner, ownerSpace, remote, ctx.inventory);
  if (!overlap) return outcome;
  const finding: Finding = {
    code: 'AddressSpaceOverlap',
    severity: 'error',
    pairKey: c.key,
    vnetId: ctx.owner.id,
    message: describePeeringOverlap(overlap, WHAT[outcome.summary.action] ?? 'writing the peering'),
  };
  return {
    ...outcome,
    summary: { ...outcome.summary, action: 'skip', downtime: 'none' },
    deletes: [],
    createFirst: [],
    createSecond: [],
    updates: [],
    waits: [],
    findings: [...outcome.findings, finding],
    ownSideLeft: ctx.inventory.side(ctx.owner.id, c.remoteId) !== undefined,
  };
}

function pairCases(input: PlanInput, inventory: Inventory, owner: VnetSnapshot): PairCase[] {
  const cases = new Map<string, PairCase>();
  for (const [x, y] of input.removePairs ?? []) {
    const remoteId = sameResourceId(x, owner.id) ? y : sameResourceId(y, owner.id) ? x : undefined;
    if (remoteId === undefined) continue;
    const key = pairKey(owner.id, remoteId);
    cases.set(key, { key, remoteId, managed: true, remove: true });
  }
  for (const pair of input.desired) {
    if (!involves(pair, owner.id) || cases.has(pair.key)) continue;
    const { local, remote } = orient(pair, owner.id);
    if (sameResourceId(local.vnetId, remote.vnetId)) continue;
    cases.set(pair.key, { key: pair.key, remoteId: remote.vnetId, managed: true, remove: false, wantOwn: local, wantRemote: remote });
  }
  for (const remoteId of inventory.remotesOf(owner.id)) {
    const key = pairKey(owner.id, remoteId);
    if (!cases.has(key)) cases.set(key, { key, remoteId, managed: false, remove: false });
  }
  return [...cases.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function duplicateFindings(inventory: Inventory, owner: VnetSnapshot): Finding[] {
  const ownerKey = resourceKey(owner.id);
  return inventory.duplicates
    .filter((d) => resourceKey(d.duplicate.localVnetId) === ownerKey)
    .map((d) => ({
      code: 'DuplicatePeering' as const,
      severity: 'warning' as const,
      vnetId: owner.id,
      peeringId: d.duplicate.id,
      message: `${d.duplicate.name} points at the same VNet as ${d.kept.name}: only ${d.kept.name} is managed; remove the duplicate`,
    }));
}
