/**
 * Long-running operations as Microsoft.Network runs them: a write is accepted (201/200 with
 * `provisioningState: Updating` and `Azure-AsyncOperation`), a delete is accepted (202 with `Location` and
 * `Azure-AsyncOperation`), and the operation completes after the configured latency; its status document is
 * polled at `…/providers/{ns}/locations/{region}/operations/{id}` (`{"status":"InProgress"|"Succeeded"|"Failed"}`).
 *
 * While an operation runs it holds the lock of the VNets it touches (409 `AnotherOperationInProgress` for
 * other writes there). Completion is lazy and deterministic: every request first calls {@link Operations.settle},
 * and a timer does the same for operations nobody polls. Completion is also where the activity log is written,
 * so every successful change is recorded exactly once, with its caller and correlation id.
 */
import type { ActivityLog } from './activityLog.js';
import { idKey, parentId, nameOf } from './ids.js';
import type { ChangeKind, Operation, ProvisioningState } from './model.js';
import type { Rng } from './rng.js';
import type { Store } from './store.js';

/** Who asked for an operation, and how (what Event Grid reports as `claims`/`httpRequest`). */
export interface OperationCaller {
  principalId: string;
  correlationId: string;
  clientRequestId?: string;
  method: string;
  url: string;
  clientIp: string;
}

/** What a handler starts. */
export interface OperationStart {
  caller: OperationCaller;
  kind: ChangeKind;
  operationName: string;
  resourceId: string;
  subscriptionId: string;
  location: string;
  provider: string;
  created: boolean;
  /** Resources whose provisioningState turns Succeeded on completion (VNets, peerings, NICs, NSGs). */
  settles?: string[];
  /** VNet ids locked (provisioningState Updating) until completion. */
  locks?: string[];
  /** Complete now (operations ARM answers synchronously). */
  immediate?: boolean;
  /** Set by a fault rule: hold the operation InProgress until released, or make it fail. */
  fault?: { holdRuleId?: string; failWith?: { code: string; message: string } };
  /** An action's answer, served by the operation-result URL once the operation is done. */
  result?: { body: unknown; of: string };
}

/** Operations' settings, read on each start. */
export interface OperationTiming {
  /** How long an operation with this ARM operation name stays InProgress. */
  latencyMs(operationName: string): number;
}

const keepCompleted = 5_000;

/** The operation registry. */
export class Operations {
  private timer: NodeJS.Timeout | undefined;
  /** Ids of InProgress operations, so settling does not scan the whole history. */
  private pending = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly activity: ActivityLog,
    private readonly rng: Rng,
    private readonly timing: OperationTiming,
    private readonly clock: () => number,
    private readonly onSettled: () => void,
  ) {
    this.reindex();
  }

  /** Rebuilds the index of running operations (after the world was replaced or loaded). */
  reindex(): void {
    this.pending = new Set(Object.values(this.store.state.operations).filter((o) => o.status === 'InProgress').map((o) => o.id));
  }

  /** Starts an operation: locks VNets, registers it, completes it now when `immediate`. */
  start(input: OperationStart): Operation {
    const now = this.clock();
    const operation: Operation = {
      id: this.rng.uuid(),
      subscriptionId: input.subscriptionId,
      location: input.location.replace(/\s+/g, '').toLowerCase(),
      provider: input.provider,
      status: 'InProgress',
      kind: input.kind,
      operationName: input.operationName,
      resourceId: input.resourceId,
      principalId: input.caller.principalId,
      correlationId: input.caller.correlationId,
      ...(input.caller.clientRequestId ? { clientRequestId: input.caller.clientRequestId } : {}),
      httpMethod: input.caller.method,
      url: input.caller.url,
      clientIp: input.caller.clientIp.replace(/^::ffff:/, ''),
      created: input.created,
      startedAt: now,
      dueAt: input.immediate ? now : now + this.timing.latencyMs(input.operationName),
      settles: [...(input.settles ?? []), ...(input.locks ?? [])],
      ...(input.fault?.holdRuleId ? { heldBy: input.fault.holdRuleId } : {}),
      ...(input.fault?.failWith ? { failWith: input.fault.failWith } : {}),
      ...(input.result ? { result: input.result.body, resultOf: input.result.of } : {}),
    };
    for (const vnetId of input.locks ?? []) {
      const vnet = this.store.vnet(vnetId);
      if (vnet) {
        vnet.activeOperationId = operation.id;
        vnet.provisioningState = 'Updating';
      }
    }
    this.store.state.operations[operation.id] = operation;
    this.pending.add(operation.id);
    this.store.changed();
    if (input.immediate && !operation.heldBy) this.complete(operation);
    else this.schedule();
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.store.state.operations[id];
  }

  /** The operation holding a VNet's lock, if it is still running. */
  activeOn(vnetId: string): Operation | undefined {
    const id = this.store.vnet(vnetId)?.activeOperationId;
    const operation = id ? this.get(id) : undefined;
    return operation?.status === 'InProgress' ? operation : undefined;
  }

  /** Completes every due, unheld operation. Returns whether anything changed. */
  settle(): boolean {
    const now = this.clock();
    let changed = false;
    for (const operation of this.running()) {
      if (!operation.heldBy && operation.dueAt <= now) {
        this.complete(operation);
        changed = true;
      }
    }
    if (changed) {
      this.prune();
      this.onSettled();
    }
    this.schedule();
    return changed;
  }

  /** Releases operations held by a fault rule (they complete when due). */
  release(ruleId: string): number {
    let count = 0;
    for (const operation of this.running()) {
      if (operation.heldBy === ruleId) {
        delete operation.heldBy;
        count++;
      }
    }
    if (count > 0) this.settle();
    return count;
  }

  /** After a restart from `--state`: operations that were running complete on the next request. */
  resumeAfterRestart(): void {
    const now = this.clock();
    for (const operation of this.running()) {
      operation.dueAt = Math.min(operation.dueAt, now);
      delete operation.heldBy;
    }
  }

  /** Stops the completion timer (server close). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private running(): Operation[] {
    const out: Operation[] = [];
    for (const id of this.pending) {
      const operation = this.store.state.operations[id];
      if (operation?.status === 'InProgress') out.push(operation);
      else this.pending.delete(id);
    }
    return out;
  }

  private complete(operation: Operation): void {
    this.pending.delete(operation.id);
    operation.status = operation.failWith ? 'Failed' : 'Succeeded';
    if (operation.failWith) operation.error = operation.failWith;
    const finalState: ProvisioningState = operation.failWith ? 'Failed' : 'Succeeded';
    for (const id of operation.settles) this.setProvisioningState(id, finalState, operation.id);
    this.store.changed();
    if (operation.status !== 'Succeeded') return;
    const tenantId = this.store.state.tenantId;
    this.activity.record({
      time: new Date(this.clock()).toISOString(),
      kind: operation.kind,
      operationName: operation.operationName,
      resourceId: operation.resourceId,
      resourceProvider: operation.operationName.split('/')[0] ?? operation.provider,
      subscriptionId: operation.subscriptionId,
      tenantId,
      principalId: operation.principalId,
      correlationId: operation.correlationId,
      status: 'Succeeded',
      ...(operation.created
        ? {}
        : {
            httpRequest: {
              ...(operation.clientRequestId ? { clientRequestId: operation.clientRequestId } : {}),
              clientIpAddress: operation.clientIp ?? '127.0.0.1',
              method: operation.httpMethod,
              url: operation.url,
            },
          }),
    });
  }

  private setProvisioningState(id: string, state: ProvisioningState, operationId: string): void {
    const vnet = this.store.vnet(id);
    if (vnet) {
      if (vnet.activeOperationId === operationId) delete vnet.activeOperationId;
      if (!vnet.activeOperationId || this.get(vnet.activeOperationId)?.status !== 'InProgress') vnet.provisioningState = state;
      return;
    }
    const parent = this.store.vnet(parentId(id));
    const key = idKey(id);
    const child = key.includes('/virtualnetworkpeerings/') ? parent?.peerings : key.includes('/subnets/') ? parent?.subnets : undefined;
    const named = child?.find((c) => c.name.toLowerCase() === nameOf(id).toLowerCase());
    if (named) {
      named.provisioningState = state;
      return;
    }
    const record = this.store.nic(id) ?? this.store.nsg(id) ?? this.store.vm(id) ?? this.store.networkWatcher(id);
    if (record) record.provisioningState = state;
  }

  private prune(): void {
    const all = Object.keys(this.store.state.operations);
    if (all.length - this.pending.size <= keepCompleted * 1.2) return;
    const done = Object.values(this.store.state.operations).filter((o) => o.status !== 'InProgress');
    done.sort((a, b) => a.startedAt - b.startedAt);
    for (const operation of done.slice(0, done.length - keepCompleted)) delete this.store.state.operations[operation.id];
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const operation of this.running()) if (!operation.heldBy) next = Math.min(next, operation.dueAt);
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.settle(), Math.max(0, next - this.clock()));
    this.timer.unref();
  }
}
