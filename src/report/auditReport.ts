/**
 * The audit report: what one drift audit saw and found. The contract between the audit (which builds it
 * and stores it as JSON in blob storage) and the renderers (HTML page with an SVG topology picture).
 *
 * Stable: consumers (dashboards, pipelines) read the JSON. `schemaVersion` changes only on a breaking
 * change; new optional fields do not change it. Documented as JSON Schema next to this file.
 */
import type { DriftClass, DriftEntry } from '../domain/drift.js';
import type { PeeringOptions } from '../domain/model.js';

export const AUDIT_REPORT_SCHEMA_VERSION = 1;

/** How the audit was started. */
export type AuditTrigger = 'timer' | 'http';

/** Where the desired state came from: a topology file, or the remembered healthy peerings. */
export type DesiredSourceKind = 'topology' | 'remembered';

/** `REMEDIATION` setting in force for the audit. */
export type RemediationMode = 'off' | 'safe' | 'all';

/** A VNet as the audit saw it (a node of the topology picture). */
export interface ReportVnet {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly addressPrefixes: readonly string[];
  /** Topology groups the VNet belongs to (empty in remembered mode). */
  readonly groups: readonly string[];
}

/** One side of a peering as found. */
export interface ReportSide {
  readonly name: string;
  readonly peeringState: string;
  readonly peeringSyncLevel: string;
  readonly provisioningState: string;
  readonly options: PeeringOptions;
}

/**
 * How a pair is drawn: `connected` (both sides Connected and in sync), `initiated` (one side only, or a side
 * Initiated), `disconnected`, `notInSync`, `missing` (desired, no side exists: drawn dashed).
 */
export type PairStatus = 'connected' | 'initiated' | 'disconnected' | 'notInSync' | 'missing';

/** Every pair status, in legend order (healthy first). */
export const PAIR_STATUSES: readonly PairStatus[] = ['connected', 'initiated', 'notInSync', 'disconnected', 'missing'];

/** A pair of VNets (an edge of the topology picture). `vnetIds[0]` sorts first (lower-cased). */
export interface ReportPair {
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly status: PairStatus;
  /** Whether the desired state asks for this pair. */
  readonly desired: boolean;
  /** Side on `vnetIds[0]` pointing at `vnetIds[1]`, and the other; absent when missing. */
  readonly sides: { readonly a?: ReportSide; readonly b?: ReportSide };
}

/** A repair handed to a VNet's reconcile instance, and what came of it. */
export interface ReportRemediation {
  readonly vnetId: string;
  readonly ticketId: string;
  /** The drift entries (by `pairKey`) this repair covers. */
  readonly pairKeys: readonly string[];
  readonly status: 'handedOver' | 'succeeded' | 'failed' | 'skipped';
  readonly detail?: string;
  /** Probe verdicts the reconcile pass recorded, when it finished within the audit. */
  readonly probes?: readonly { readonly pairKey: string; readonly reachable: boolean; readonly summary: string }[];
}

/** The whole report. */
export interface AuditReport {
  readonly schemaVersion: typeof AUDIT_REPORT_SCHEMA_VERSION;
  readonly auditId: string;
  readonly trigger: AuditTrigger;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly desiredSource: DesiredSourceKind;
  readonly remediation: RemediationMode;
  readonly prune: boolean;
  /** Subscriptions read (the allow-list). */
  readonly subscriptions: readonly string[];
  readonly counts: {
    readonly subscriptions: number;
    readonly vnets: number;
    /** Peering sides found. */
    readonly peerings: number;
    /** Pairs with at least one side, plus missing desired pairs. */
    readonly pairs: number;
    readonly drifts: number;
    readonly byClass: Readonly<Record<DriftClass, number>>;
    /** ARM requests the audit made (list pages). */
    readonly armCalls: number;
  };
  readonly vnets: readonly ReportVnet[];
  readonly pairs: readonly ReportPair[];
  readonly drifts: readonly DriftEntry[];
  readonly remediations: readonly ReportRemediation[];
}
