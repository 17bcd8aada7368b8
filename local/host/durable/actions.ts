/** Action types of the out-of-process orchestrator protocol (durable-functions' `ActionType`). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  ScheduledSignalEntity: 10,
  WhenAny: 11,
  WhenAll: 12,
  Lock: 13,
  ReleaseEntities: 14,
} as const;

/** Retry options as the SDK serializes them (`RetryOptions`). */
export interface WireRetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** One action the orchestrator asked for, as serialized in `OrchestratorState.actions`. */
export interface WireAction {
  actionType: number;
  functionName?: string;
  /** Activity and continue-as-new inputs arrive pre-encoded when they are strings (`Utils.processInput`). */
  input?: unknown;
  retryOptions?: WireRetryOptions;
  instanceId?: string;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: WireAction[];
}

/** What the orchestrator function returns (or carries in its `$OutOfProcData$` error). */
export interface WireOrchestratorState {
  isDone: boolean;
  actions: WireAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/**
 * JSON text for a value the SDK put in an action. Activity and continue-as-new inputs that are strings
 * were already JSON-encoded by the SDK, so they are kept as they are; everything else is encoded here.
 * `undefined` becomes `null` (no input).
 */
export function actionInputJson(input: unknown, preEncodedStrings: boolean): string | null {
  if (input === undefined) return null;
  if (preEncodedStrings && typeof input === 'string') return input;
  return JSON.stringify(input);
}
