/**
 * Durable Task Framework history events as the durable extension sends them to out-of-process SDKs:
 * Newtonsoft PascalCase, `EventType` as the DTFx enum number, timestamps as ISO strings.
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeNumber = (typeof EventType)[keyof typeof EventType];

/** The DTFx name of an event type number (`TaskScheduled` for 4). */
export function eventTypeName(type: number): string {
  return Object.entries(EventType).find(([, value]) => value === type)?.[0] ?? `EventType${type}`;
}

/** One history event. Only the fields the SDK and the host read are typed. */
export interface HistoryEvent {
  EventType: EventTypeNumber;
  /** The sequence number of a scheduling event (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated), else -1. */
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  /** JSON text (ExecutionStarted, TaskScheduled, SubOrchestrationInstanceCreated, EventRaised) or the reason (ExecutionTerminated). */
  Input?: string | null;
  /** JSON text of a result. */
  Result?: string | null;
  TaskScheduledId?: number;
  Reason?: string;
  Details?: string;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
  Version?: string;
  ParentInstance?: { Name: string; OrchestrationInstance: { InstanceId: string; ExecutionId: string }; TaskScheduleId: number } | null;
}

/** Builds an event with the common fields filled (EventId -1, not played). */
export function historyEvent(type: EventTypeNumber, timestamp: number, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: new Date(timestamp).toISOString(), ...fields };
}
