/**
 * App settings (DESIGN.md's settings table): validated with zod, defaults applied, and errors that name
 * the setting and what it must hold. App settings in Azure; `local.settings.json` `Values` locally.
 *
 * Empty values count as unset (Azure app settings are often present but blank).
 */
import { z } from 'zod';

/** Validated settings. */
export interface Settings {
  /** Resource Manager base URL, without a trailing slash. */
  readonly armEndpoint: string;
  /** Subscriptions the app may read and change, lower-cased, de-duplicated. */
  readonly scopeSubscriptions: readonly string[];
  readonly addressChangeStrategy: 'sync' | 'recreate';
  /** NCRONTAB (six fields) of the drift audit. */
  readonly auditSchedule: string;
  readonly remediation: 'off' | 'safe' | 'all';
  /** Remediation `all` may delete peerings the topology does not ask for (`PRUNE`). Default false. */
  readonly prune: boolean;
  /** Cap on VNets an audit's remediation hands over at once (`AUDIT_MAX_PARALLEL_VNETS`). Default 4. */
  readonly auditMaxParallelVnets: number;
  /**
   * How long an audit's remediation activity follows a VNet's reconcile instance before it reports the repair
   * as handed over (`AUDIT_REMEDIATION_WAIT_MS`; default 10 minutes, at most 30: an activity's time limit).
   */
  readonly auditRemediationWaitMs: number;
  /** Minutes a side may stay `Initiated` before the audit reports it (`AUDIT_INITIATED_GRACE_MINUTES`; default 60). */
  readonly auditInitiatedGraceMinutes: number;
  /** Path or blob URL of the desired topology; absent = remembered peerings. */
  readonly topologyFile?: string;
  /** Cap on concurrent ARM writes (on different VNets). */
  readonly maxParallelWrites: number;
  /** `AzureWebJobsStorage` connection, when set. */
  readonly storageConnection?: string;
  /** Client id of the user-assigned managed identity, when set. */
  readonly azureClientId?: string;
  /** Prefix of the app's table names (several apps or test runs sharing one storage account); absent = none. */
  readonly tableNamePrefix?: string;
}

/** One problem with one setting. */
export interface SettingIssue {
  readonly setting: string;
  readonly message: string;
}

/** Thrown by {@link loadSettings}; lists every problem, each naming its setting. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly issues: readonly SettingIssue[]) {
    super(`invalid app settings: ${issues.map((i) => `${i.setting}: ${i.message}`).join('; ')}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Blank → undefined, else trimmed. */
const text = () => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().optional());

const oneOf = <T extends string>(name: string, values: readonly [T, ...T[]], fallback: T) =>
  text().transform((v, ctx): T => {
    if (v === undefined) return fallback;
    const found = values.find((x) => x === v.toLowerCase());
    if (found) return found;
    ctx.addIssue({ code: 'custom', message: `'${v}' is not one of ${values.map((x) => `'${x}'`).join(', ')} (default '${fallback}')` });
    return z.NEVER;
  });

const scope = text().transform((v, ctx) => {
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required: the comma-separated subscription ids the app may read and change' });
    return z.NEVER;
  }
  const ids = v.split(/[\s,;]+/).filter(Boolean);
  const bad = ids.filter((id) => !GUID.test(id));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${bad.map((b) => `'${b}'`).join(', ')} ${bad.length > 1 ? 'are not subscription ids' : 'is not a subscription id'} (a GUID like 00000000-0000-0000-0000-000000000000)` });
    return z.NEVER;
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))];
});

const endpoint = text().transform((v, ctx) => {
  const value = v ?? 'https://management.azure.com';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a URL (e.g. https://management.azure.com)` });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `'${value}' must be an http(s) URL` });
    return z.NEVER;
  }
  return value.replace(/\/+$/, '');
});

// NCRONTAB as the Functions timer trigger takes it: {second} {minute} {hour} {day} {month} {day-of-week}.
const schedule = text().transform((v, ctx) => {
  const value = v ?? '0 0 */6 * * *';
  const fields = value.split(/\s+/);
  if (fields.length !== 6 || !fields.every((f) => /^[0-9A-Za-z*?,/-]+$/.test(f))) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not an NCRONTAB expression: six fields {second} {minute} {hour} {day} {month} {day-of-week}, e.g. '0 0 */6 * * *'` });
    return z.NEVER;
  }
  return value;
});

const flag = (fallback: boolean) =>
  text().transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(v)) return true;
    if (/^(false|0|no)$/i.test(v)) return false;
    ctx.addIssue({ code: 'custom', message: `'${v}' must be true or false (default ${fallback})` });
    return z.NEVER;
  });

/** A whole number in [min, max], `fallback` when unset. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  text().transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `'${v}' must be a whole number from ${min} to ${max} (default ${fallback})` });
      return z.NEVER;
    }
    return n;
  });

// Table names are 3-63 letters and digits starting with a letter; the prefix leaves room for ours.
const tablePrefix = text().transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9]{0,29}$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `'${v}' must be 1-30 letters and digits starting with a letter (it prefixes Azure Table names)` });
    return z.NEVER;
  }
  return v;
});

/** The schema, keyed by setting name. */
export const settingsSchema = z.object({
  ARM_ENDPOINT: endpoint,
  SCOPE_SUBSCRIPTIONS: scope,
  ADDRESS_CHANGE_STRATEGY: oneOf('ADDRESS_CHANGE_STRATEGY', ['sync', 'recreate'], 'sync'),
  AUDIT_SCHEDULE: schedule,
  REMEDIATION: oneOf('REMEDIATION', ['off', 'safe', 'all'], 'off'),
  PRUNE: flag(false),
  AUDIT_MAX_PARALLEL_VNETS: wholeNumber(1, 64, 4),
  AUDIT_REMEDIATION_WAIT_MS: wholeNumber(1_000, 1_800_000, 600_000),
  AUDIT_INITIATED_GRACE_MINUTES: wholeNumber(1, 10_080, 60),
  TOPOLOGY_FILE: text(),
  MAX_PARALLEL_WRITES: wholeNumber(1, 64, 8),
  AzureWebJobsStorage: text(),
  AZURE_CLIENT_ID: text(),
  TABLE_NAME_PREFIX: tablePrefix,
});

/**
 * Reads and validates the settings from `env` (default `process.env`). Throws {@link SettingsError}
 * listing every invalid setting by name.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => ({ setting: String(issue.path[0] ?? '(settings)'), message: issue.message })));
  }
  const s = result.data;
  return {
    armEndpoint: s.ARM_ENDPOINT,
    scopeSubscriptions: s.SCOPE_SUBSCRIPTIONS,
    addressChangeStrategy: s.ADDRESS_CHANGE_STRATEGY,
    auditSchedule: s.AUDIT_SCHEDULE,
    remediation: s.REMEDIATION,
    prune: s.PRUNE,
    auditMaxParallelVnets: s.AUDIT_MAX_PARALLEL_VNETS,
    auditRemediationWaitMs: s.AUDIT_REMEDIATION_WAIT_MS,
    auditInitiatedGraceMinutes: s.AUDIT_INITIATED_GRACE_MINUTES,
    maxParallelWrites: s.MAX_PARALLEL_WRITES,
    ...(s.TOPOLOGY_FILE ? { topologyFile: s.TOPOLOGY_FILE } : {}),
    ...(s.AzureWebJobsStorage ? { storageConnection: s.AzureWebJobsStorage } : {}),
    ...(s.AZURE_CLIENT_ID ? { azureClientId: s.AZURE_CLIENT_ID } : {}),
    ...(s.TABLE_NAME_PREFIX ? { tableNamePrefix: s.TABLE_NAME_PREFIX } : {}),
  };
}

/** Whether `subscriptionId` is in the allow-list (GUIDs compare case-insensitively). */
export function isSubscriptionInScope(scopeSubscriptions: readonly string[], subscriptionId: string): boolean {
  const wanted = subscriptionId.trim().toLowerCase();
  return scopeSubscriptions.some((s) => s.toLowerCase() === wanted);
}
