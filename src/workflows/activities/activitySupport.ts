/**
 * What the activities share: ARM failures as the orchestrator's plain `FailureData`, a last line of
 * defence that turns an unexpected error into a permanent failure (the instance records it and lives on,
 * instead of failing with its tickets unacknowledged), the settings, and the app's table names.
 */
import type { Settings } from '../../config/settings.js';
import { loadSettings } from '../../config/settings.js';
import type { ArmFailure } from '../../azure/armErrors.js';
import { AUDIT_TABLE } from '../../azure/storage/auditTrail.js';
import { OPERATIONS_TABLE } from '../../azure/storage/operations.js';
import { REMEMBERED_PAIRS_TABLE } from '../../azure/storage/rememberedPairs.js';
import type { FailureData, Outcome } from '../reconcile/activityTypes.js';
import { AUDIT_CONTAINER } from '../audit/auditTypes.js';

/** An `ArmFailure` reduced to what travels through history. */
export function failureData(failure: ArmFailure): FailureData {
  return {
    kind: failure.kind,
    code: failure.code,
    message: failure.message,
    status: failure.status,
    target: failure.target,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    ...(failure.correlationId ? { correlationId: failure.correlationId } : {}),
  };
}

/** Runs an activity body; an error it throws becomes a permanent failure naming the target. */
export async function guarded<O extends Outcome<object>>(target: string, body: () => Promise<O>): Promise<O> {
  try {
    return await body();
  } catch (error) {
    const name = (error as Error).name ?? 'Error';
    const failure: FailureData = { kind: 'permanent', code: name === 'SettingsError' ? 'InvalidAppSettings' : 'UnexpectedError', message: (error as Error).message ?? String(error), status: 0, target };
    return { ok: false, failure } as O;
  }
}

/** The validated app settings (read per call: cheap, and app settings can change between invocations). */
export function settings(): Settings {
  return loadSettings(process.env);
}

/** The app's table names, with `TABLE_NAME_PREFIX` when set. */
export function appTables(s: Settings = settings()): { readonly rememberedPairs: string; readonly auditTrail: string; readonly operations: string } {
  const prefix = s.tableNamePrefix ?? '';
  return { rememberedPairs: `${prefix}${REMEMBERED_PAIRS_TABLE}`, auditTrail: `${prefix}${AUDIT_TABLE}`, operations: `${prefix}${OPERATIONS_TABLE}` };
}

/** The blob container of the audits (`TABLE_NAME_PREFIX`, lower-cased, in front: container names are lower case). */
export function auditContainer(s: Settings = settings()): string {
  return `${(s.tableNamePrefix ?? '').toLowerCase()}${AUDIT_CONTAINER}`;
}
