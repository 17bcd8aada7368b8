/**
 * The contract of the `driftAudit` orchestration with its activities and its callers: names, inputs,
 * outputs, custom status. Plain JSON and small: the inventory, the drift and the report live in blob
 * storage (container {@link AUDIT_CONTAINER}); history carries ids and counts only.
 */
import type { DriftClass } from '../../domain/drift.js';
import type { FailureData } from '../reconcile/activityTypes.js';

/** The orchestration's name (one instance per audit, instance id = audit id). */
export const AUDIT_ORCHESTRATION = 'driftAudit';

/** Activity names (registered in `functions/driftAudit.ts`). */
export const AUDIT_ACTIVITIES = {
  setup: 'auditSetup',
  listVnets: 'auditListVnets',
  classify: 'auditClassify',
  remediate: 'auditRemediateVnet',
  finish: 'auditFinish',
} as const;

/** Blob container of audit documents. */
export const AUDIT_CONTAINER = 'audits';

/** Every audit id starts so: its documents are `<container>/audit-…/`, which infra/'s retention rule matches. */
export const AUDIT_ID_PREFIX = 'audit-';

/** Blob names of one audit's documents. */
export const auditBlobs = {
  inventory: (auditId: string, subscriptionId: string) => `${auditId}/inventory/${subscriptionId.toLowerCase()}.json`,
  report: (auditId: string) => `${auditId}/report.json`,
  remediation: (auditId: string, key: string) => `${auditId}/remediation/${key}.json`,
  remediationResult: (auditId: string, key: string) => `${auditId}/remediation/${key}.result.json`,
  /** When each side still `Initiated` was first seen: carried from audit to audit. */
  initiatedSince: 'state/initiated-since.json',
} as const;

export type AuditTriggerKind = 'timer' | 'http';

/** The orchestration's input. */
export interface AuditInput {
  readonly auditId: string;
  readonly trigger: AuditTriggerKind;
}

/** What the audit runs with (settings read by the activity: orchestrators must not read the environment). */
export type AuditSetupOutput = Outcome<{
  readonly subscriptions: readonly string[];
  readonly remediation: 'off' | 'safe' | 'all';
  readonly prune: boolean;
  readonly maxParallelVnets: number;
  readonly desiredSource: 'topology' | 'remembered';
}>;

type Outcome<T extends object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly failure: FailureData };

export interface AuditListInput {
  readonly auditId: string;
  readonly subscriptionId: string;
}

/** One subscription listed (paged) and written to blob storage: counts only. */
export type AuditListOutput = Outcome<{ readonly vnets: number; readonly peerings: number; readonly pages: number }>;

export interface AuditClassifyInput {
  readonly auditId: string;
  readonly trigger: AuditTriggerKind;
  readonly startedAt: string;
  /** The orchestration's now (classification must not read a clock). */
  readonly now: string;
  /** Subscriptions listed, and those that could not be (their VNets are unknown, not gone). */
  readonly subscriptions: readonly string[];
  readonly unread: readonly string[];
  readonly remediation: 'off' | 'safe' | 'all';
  readonly prune: boolean;
  /** List pages requested = ARM calls. */
  readonly armCalls: number;
}

/** Counts, and the VNets to hand remediation to (ids only; their work is in blob storage). */
export type AuditClassifyOutput = Outcome<{
  readonly vnets: number;
  readonly peerings: number;
  readonly pairs: number;
  readonly drifts: number;
  readonly byClass: Readonly<Record<DriftClass, number>>;
  readonly remediate: readonly string[];
}>;

export interface AuditRemediateInput {
  readonly auditId: string;
  readonly vnetId: string;
}

/** How one VNet's remediation went (details in blob storage). */
export interface AuditRemediateOutput {
  readonly vnetId: string;
  readonly status: 'handedOver' | 'succeeded' | 'failed' | 'skipped';
}

export interface AuditFinishInput {
  readonly auditId: string;
  readonly finishedAt: string;
  readonly remediated: readonly string[];
}

/** Phases of an audit, in order. */
export type AuditPhase = 'starting' | 'reading' | 'classifying' | 'remediating' | 'reporting' | 'done' | 'failed';

/** The custom status: far below 16 KB whatever the estate's size. */
export interface AuditStatus {
  readonly auditId: string;
  readonly phase: AuditPhase;
  /** `n/m subscriptions read, k drifts`. */
  readonly progress: string;
  readonly subscriptions: { readonly read: number; readonly total: number };
  readonly drifts?: number;
  readonly remediation?: { readonly done: number; readonly total: number };
}

/** The orchestration's output. */
export interface AuditOutput {
  readonly auditId: string;
  /** `incomplete`: some subscriptions could not be listed (`unread`); `failed`: none could, or a step failed. */
  readonly outcome: 'completed' | 'incomplete' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly subscriptions: number;
  readonly unread: readonly string[];
  readonly vnets: number;
  readonly peerings: number;
  readonly drifts: number;
  readonly byClass?: Readonly<Record<DriftClass, number>>;
  readonly armCalls: number;
  readonly remediation: { readonly level: 'off' | 'safe' | 'all'; readonly vnets: number; readonly succeeded: number; readonly failed: number; readonly pending: number };
  /** Blob name of the JSON report (served at `/api/audits/{id}/report.json`). */
  readonly report?: string;
  readonly failure?: FailureData;
}
