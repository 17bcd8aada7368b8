/**
 * The plan the planner produces and the workflows execute: ordered phases of ARM writes, then waits and
 * probes. Plain JSON (plans are orchestration outputs and dry-run responses).
 */
import type { OptionDifference, PeeringOptions, PeeringSide } from './model.js';

/** How an address-space change on a peered VNet is carried to its peers. */
export type Strategy = 'sync' | 'recreate';

/** The ARM request a write step makes, summarised for dry-run output and call-log comparison. */
export interface ArmRequestSummary {
  readonly method: 'PUT' | 'DELETE';
  /** Resource id written (peering id, or VNet id for an address-space change). */
  readonly path: string;
  /** Query parameters besides `api-version` (`syncRemoteAddressSpace: 'true'`). */
  readonly query?: Readonly<Record<string, string>>;
  /** What the body sets (a summary, not the full body: the VNet PUT carries the whole fresh GET). */
  readonly body?: Readonly<Record<string, unknown>>;
}

interface WriteStepBase {
  /** `<phase>.<n>`, 1-based: stable within one plan, for progress ("step 2.1"). */
  readonly stepId: string;
  /** The VNet whose ARM lock the write takes; writes on one VNet never share a phase. */
  readonly lockVnetId: string;
  /** The resource written. */
  readonly targetId: string;
  /** The pair the write belongs to (`pairKey`), absent for a VNet-wide write. */
  readonly pairKey?: string;
  /** Why the step is there, in plain words. */
  readonly reason: string;
  /** One line for dry-run output: verb, target, what changes. */
  readonly summary: string;
  readonly request: ArmRequestSummary;
}

interface PeeringWriteBase extends WriteStepBase {
  /** VNet the peering lives on (= `lockVnetId`). */
  readonly localVnetId: string;
  readonly remoteVnetId: string;
  /** Peering name (last segment of `targetId`). */
  readonly name: string;
}

/** PUT a new peering side. */
export interface CreatePeeringStep extends PeeringWriteBase {
  readonly kind: 'createPeering';
  readonly options: PeeringOptions;
}

/** PUT an existing side back to the wanted options. */
export interface UpdatePeeringStep extends PeeringWriteBase {
  readonly kind: 'updatePeering';
  readonly options: PeeringOptions;
  readonly changes: readonly OptionDifference[];
}

/**
 * PUT an existing side with `syncRemoteAddressSpace=true`: the side on the *other* VNet pointing at a
 * resized one (`LocalNotInSync`/`LocalAndRemoteNotInSync`). `options` are the wanted ones (a sync may also
 * put drifted options back in the same write).
 */
export interface SyncPeeringStep extends PeeringWriteBase {
  readonly kind: 'syncPeering';
  readonly options: PeeringOptions;
  readonly changes: readonly OptionDifference[];
}

/** DELETE a side. `snapshot` is the side as read before deleting (for the record; re-creation uses the create steps). */
export interface DeletePeeringStep extends PeeringWriteBase {
  readonly kind: 'deletePeering';
  readonly snapshot: PeeringSide;
}

/**
 * Change a VNet's address space. The activity does GET → modify → PUT of the whole VNet with
 * `If-Match: <etag>` (subnets, peerings and tags survive); the step carries only the change.
 */
export interface UpdateAddressSpaceStep extends WriteStepBase {
  readonly kind: 'updateAddressSpace';
  readonly vnetId: string;
  /** Canonical prefixes to add (not yet in the space when planned). */
  readonly add: readonly string[];
  /** Canonical prefixes to remove (in the space when planned). */
  readonly remove: readonly string[];
  /** The space expected after the write, sorted. */
  readonly expectedAddressSpace: readonly string[];
}

/** Any ARM write. */
export type WriteStep = CreatePeeringStep | UpdatePeeringStep | SyncPeeringStep | DeletePeeringStep | UpdateAddressSpaceStep;

/** Kind names of write steps. */
export type WriteStepKind = WriteStep['kind'];

/**
 * Poll until both sides of a pair reach a state. `Connected`: both sides `Connected`;
 * `FullyInSync`: both sides `Connected` and `FullyInSync`.
 */
export interface WaitStep {
  readonly kind: 'waitFor';
  readonly state: 'Connected' | 'FullyInSync';
  readonly pairKey: string;
  /** The two VNet ids of the pair. */
  readonly vnetIds: readonly [string, string];
  /** Ids of both sides as they will be after the writes. */
  readonly peeringIds: readonly [string, string];
  readonly reason: string;
}

/**
 * Connectivity probe across a pair (a VM on each side to a VM on the other). `extraDestinationPrefixes`
 * are newly routed prefixes: the probe also targets a VM inside each of them.
 */
export interface ProbeStep {
  readonly kind: 'probe';
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly extraDestinationPrefixes: readonly string[];
  readonly reason: string;
}

/** Writes that may run in parallel (distinct lock VNets), then waits, then probes. */
export interface PlanPhase {
  /** 1-based. */
  readonly index: number;
  readonly title: string;
  readonly writes: readonly WriteStep[];
  readonly waits: readonly WaitStep[];
  readonly probes: readonly ProbeStep[];
}

/** Codes of planner findings: what the planner saw and will not (or cannot yet) act on. */
export type FindingCode =
  | 'VnetNotFound'
  | 'RemoteVnetGone'
  | 'SideBusy'
  | 'NotYetConnected'
  | 'UnmanagedPeering'
  | 'OutOfScope'
  | 'PeeringNameTaken'
  | 'DuplicatePeering'
  | 'NothingToRemove'
  | 'AddressChangeBlocked'
  | 'AddressSpaceOverlap'
  | 'StrategyTagIgnored'
  | 'OptionsNotRepaired';

/** A report entry for something the plan does not touch (or touches specially). */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly pairKey?: string;
  readonly vnetId?: string;
  readonly peeringId?: string;
}

/** What the plan does to one pair. */
export type PairAction = 'none' | 'create' | 'repair' | 'update' | 'sync' | 'recreate' | 'remove' | 'wait' | 'skip';

/**
 * Expected downtime of a pair while the plan runs: `none` (sync, option updates), `deleteToCreate`
 * (recreate: traffic stops from the delete until both sides are re-created and Connected),
 * `notConnectedNow` (the pair carries no traffic today anyway).
 */
export type Downtime = 'none' | 'deleteToCreate' | 'notConnectedNow';

/** Per-pair summary of a plan (for dry-run output and the operation status). */
export interface PairPlan {
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly action: PairAction;
  readonly downtime: Downtime;
  /** Whether the pair is in the desired state (false: found on the VNet, only synced/recreated as it is). */
  readonly managed: boolean;
}

/** The planner's output. An empty `phases` means nothing to do. */
export interface Plan {
  readonly vnetId: string;
  readonly strategy: Strategy;
  readonly phases: readonly PlanPhase[];
  readonly pairs: readonly PairPlan[];
  readonly findings: readonly Finding[];
  /** The address change that will be made (canonical; empty lists when nothing changes), if one was requested. */
  readonly addressChange?: { readonly add: readonly string[]; readonly remove: readonly string[] };
  /** True when something is in flux (a write running on a side, a side not yet Connected): read again and re-plan later. */
  readonly recheck: boolean;
}
