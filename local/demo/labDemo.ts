/**
 * The London–Madrid demo (issue 6): a person changes the lab in the "portal" (the az CLI, signed in as the
 * portal user) and the app — reached only through Event Grid and its HTTP API — keeps the peering working,
 * proving it with Network Watcher probes. Six steps; each waits on observable state (the app's audit trail
 * and its instances' status through the host, ARM state through the emulator), never on fixed sleeps, and
 * ends as described or the demo fails naming the step.
 *
 * `runDemo` is also what the end-to-end test runs (with hooks that make the portal-versus-app races
 * deterministic on the emulator's test profile).
 */
import { readFileSync } from 'node:fs';
import type { NetworkManagementClient } from '@azure/arm-network';
import { EmulatorCredential } from '../arm/auth/emulatorCredential.js';
import { runAz } from '../arm/cli/azCommands.js';
import { ArmControlClient } from '../arm/controlClient.js';
import { KEEPER_OPERATION_NAMES } from '../keeperSubscription.js';
import { labSubscriptionId } from '../scenarios/londonMadrid.js';
import { createStorageAccess } from '../../src/azure/storage/storageAccess.js';
import { forgetPair, REMEMBERED_PAIRS_TABLE } from '../../src/azure/storage/rememberedPairs.js';
import type { AuditRecord } from '../../src/azure/storage/auditTrail.js';
import { vnetInstanceId } from '../../src/domain/instanceKeys.js';
import { pairKey } from '../../src/domain/inventory.js';
import type { CheckResult, PairProbeResult } from '../../src/workflows/reconcile/activityTypes.js';
import type { PassDetails } from '../../src/workflows/reconcile/passRecord.js';
import type { ReconcileStatus } from '../../src/workflows/reconcile/passResult.js';

/** Where the running app and emulator are (`npm start` writes them to `.local/start.json`). */
export interface DemoEndpoints {
  readonly hostUrl: string;
  readonly armUrl: string;
  readonly caFile?: string;
  readonly functionsKey: string;
  /** The app's storage (to make the app forget the lab's pair at the start). */
  readonly storageConnection: string;
  readonly tablePrefix?: string;
}

/** Called around the portal changes of steps 4 and 5 (tests hold the app's writes meanwhile). */
export interface DemoHooks {
  beforeChanges?(step: number): Promise<void>;
  afterChanges?(step: number): Promise<void>;
}

export interface DemoOptions extends DemoEndpoints {
  readonly print: (line: string) => void;
  readonly hooks?: DemoHooks;
  /** How long a step may wait for the app (default 90 s). */
  readonly stepTimeoutMs?: number;
}

export interface DemoResult {
  readonly ok: boolean;
  readonly steps: readonly { readonly n: number; readonly title: string; readonly ok: boolean; readonly detail: string }[];
  readonly seconds: number;
}

const sub = labSubscriptionId;
const vnet = (office: string) => `/subscriptions/${sub}/resourceGroups/rg-${office}/providers/Microsoft.Network/virtualNetworks/vnet-${office}`;
const LONDON = vnet('london');
const MADRID = vnet('madrid');
const PAIR = pairKey(LONDON, MADRID);

class StepFailed extends Error {}

/** A pass as the audit trail records it. */
interface Pass {
  readonly record: AuditRecord;
  readonly details: PassDetails;
}

function short(id: string | undefined): string {
  return id?.split('/').filter(Boolean).at(-1) ?? '?';
}

function describeCheck(c: CheckResult): string {
  const protocols = c.protocols.map((p) => `${p.protocol}${p.port ? ` ${p.port}` : ''} ${p.status}`).join(', ') || 'not run';
  const target = `${short(c.destination?.vmId)} ${c.destination?.address ?? ''}`.trim();
  return `probe ${short(c.source?.vmId)} (${short(c.sourceVnetId)}) → ${target} (${short(c.destinationVnetId)}${c.destinationPrefix ? `, new prefix ${c.destinationPrefix}` : ''}): ${protocols} — ${c.passed ? 'passed' : c.diagnosis.message}`;
}

/** Runs the six steps; never throws for a step that does not end as described (the result says so). */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const print = options.print;
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;
  const control = new ArmControlClient(options.armUrl, ca ? { ca } : {});
  const timeoutMs = options.stepTimeoutMs ?? 90_000;
  const { NetworkManagementClient } = await import('@azure/arm-network');
  const net: NetworkManagementClient = new NetworkManagementClient(new EmulatorCredential(control, 'portal'), sub, { endpoint: options.armUrl });
  const principals = await control.principals();

  const portal = async (...args: string[]): Promise<void> => {
    let out = '';
    let err = '';
    const code = await runAz([...args, '--emulator', options.armUrl, '--subscription', sub], { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`), env: process.env });
    for (const line of out.trim().split('\n').filter(Boolean)) print(`   portal> ${line}`);
    if (code !== 0) throw new StepFailed(`the portal command 'az ${args.join(' ')}' failed: ${err.trim()}`);
  };
  const lastSequence = async (): Promise<number> => (await control.activity(0)).records.at(-1)?.sequence ?? 0;
  /** Correlation ids of the portal's writes since `after` that Event Grid brings to the app (VNets and peerings). */
  const portalWrites = async (after: number): Promise<string[]> =>
    (await control.activity(after)).records
      .filter((r) => r.principalId === principals.portalPrincipalId && (KEEPER_OPERATION_NAMES as readonly string[]).includes(r.operationName))
      .map((r) => r.correlationId);
  const api = async (method: string, path: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(new URL(path, options.hostUrl), { method, headers: { 'x-functions-key': options.functionsKey } });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const history = async (vnetId: string): Promise<AuditRecord[]> => {
    const answer = await api('GET', `/api/history?vnet=${encodeURIComponent(vnetId)}&limit=200`);
    if (answer.status !== 200) throw new StepFailed(`GET /api/history answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return (answer.body as { records: AuditRecord[] }).records;
  };
  const phases = new Map<string, string>();
  const watchInstances = async (): Promise<void> => {
    for (const vnetId of [LONDON, MADRID]) {
      const response = await fetch(new URL(`/runtime/webhooks/durabletask/instances/${vnetInstanceId(vnetId)}`, options.hostUrl));
      if (response.status === 404) {
        await response.arrayBuffer();
        continue;
      }
      const status = (await response.json()) as { runtimeStatus: string; customStatus: ReconcileStatus | null };
      const custom = status.customStatus;
      const line = custom ? `${custom.phase}${custom.steps ? ` ${custom.steps.done}/${custom.steps.total}` : ''}${custom.currentStep && custom.phase === 'writing' ? `: ${custom.currentStep}` : ''}` : status.runtimeStatus;
      const seen = `${status.runtimeStatus} ${line}`;
      if (phases.get(vnetId) !== seen && status.runtimeStatus === 'Running') print(`   app> ${short(vnetId)} reconcile instance: ${line}`);
      phases.set(vnetId, seen);
    }
  };
  /**
   * Waits until the app has recorded a pass for every one of the portal writes (a pass is level-triggered:
   * the pass of one change may well do the work another one asked for), showing the instances' progress
   * meanwhile; returns those passes, oldest first.
   */
  const passesFor = async (what: string, correlationIds: readonly string[]): Promise<Pass[]> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await watchInstances();
      const records = new Map<string, AuditRecord>();
      for (const vnetId of [LONDON, MADRID]) for (const r of await history(vnetId)) if (r.action === 'reconcile') records.set(r.id, r);
      const passes = [...records.values()]
        .map((record) => ({ record, details: record.details as PassDetails }))
        .filter((p) => p.details.changeCorrelationIds.some((id) => correlationIds.includes(id)))
        .sort((a, b) => (a.record.time < b.record.time ? -1 : 1));
      if (correlationIds.every((id) => passes.some((p) => p.details.changeCorrelationIds.includes(id)))) return passes;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new StepFailed(`the app recorded no pass ${what} within ${timeoutMs / 1000} s`);
  };
  /** Waits for the pass of a request ticket (HTTP API). */
  const passOfRequest = async (ticketId: string, vnetId: string): Promise<Pass> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await watchInstances();
      const found = (await history(vnetId)).find((r) => r.action === 'reconcile' && (r.details as PassDetails).tickets.some((t) => t.ticketId === ticketId));
      if (found) return { record: found, details: found.details as PassDetails };
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new StepFailed(`the app recorded no pass for request ${ticketId} within ${timeoutMs / 1000} s`);
  };
  /** The pass that wrote, else the last one. */
  const acting = (passes: readonly Pass[]): Pass => passes.find((p) => p.details.writes.some((w) => w.result === 'written')) ?? (passes.at(-1) as Pass);
  const showPass = (record: AuditRecord, details: PassDetails): void => {
    print(`   app> pass on ${short(record.vnetId)} (${details.strategy ?? 'sync'} strategy): ${details.outcome}`);
    for (const w of details.writes) print(`   app>   ${w.result === 'written' ? 'wrote' : w.result}: ${w.summary}${w.correlationId ? ` [ARM correlation ${w.correlationId.slice(0, 8)}]` : ''}`);
    for (const p of (record.probe as PairProbeResult[] | undefined) ?? []) for (const c of p.checks) print(`   app>   ${describeCheck(c)}`);
  };
  const sides = async (): Promise<string> => {
    const states = await Promise.all([
      net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'london-to-madrid').then((p) => p.peeringState, () => 'missing'),
      net.virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'madrid-to-london').then((p) => p.peeringState, () => 'missing'),
    ]);
    return states.join('/');
  };
  const probeOf = (record: AuditRecord): PairProbeResult | undefined => ((record.probe as PairProbeResult[] | undefined) ?? []).find((p) => p.pairKey === PAIR);
  const expect = (condition: boolean, why: string): void => {
    if (!condition) throw new StepFailed(why);
  };

  print(`vnet-peering-keeper demo: the London–Madrid lab (ARM emulator ${options.armUrl}, app ${options.hostUrl})`);
  const steps: { n: number; title: string; ok: boolean; detail: string }[] = [];
  let adoption: Pass | undefined;

  const plan: { title: string; run: () => Promise<string> }[] = [
    {
      title: 'Peer London → Madrid and Madrid → London',
      run: async () => {
        const after = await lastSequence();
        await portal('peering', 'create', '-g', 'rg-london', '--vnet', 'vnet-london', '-n', 'london-to-madrid', '--remote-vnet', MADRID);
        await portal('peering', 'create', '-g', 'rg-madrid', '--vnet', 'vnet-madrid', '-n', 'madrid-to-london', '--remote-vnet', LONDON);
        const passes = await passesFor('for the new peerings', await portalWrites(after));
        adoption = passes.find((p) => p.details.adopted.includes(PAIR) && probeOf(p.record) !== undefined);
        expect(adoption !== undefined, `no pass adopted the pair: ${passes.map((p) => p.record.summary).join(' | ')}`);
        showPass((adoption as Pass).record, (adoption as Pass).details);
        const state = await sides();
        expect(state === 'Connected/Connected', `the peering is ${state}, not Connected on both sides`);
        return `both sides Connected; the app adopted the pair (remembered in Table storage)`;
      },
    },
    {
      title: "Probe → fails: Madrid's guest firewall blocks ICMP",
      run: async () => {
        const probe = adoption ? probeOf(adoption.record) : undefined;
        const check = probe?.checks.find((c) => short(c.destinationVnetId) === 'vnet-madrid' && !c.destinationPrefix);
        expect(probe?.passed === false && check?.diagnosis.cause === 'guestFirewall', `expected the probe into Madrid to fail on the guest firewall, got: ${check ? describeCheck(check) : 'no probe'}`);
        print(`   app> diagnosis: ${check?.diagnosis.message}`);
        print(`   app> fix: ${check?.diagnosis.fix}`);
        return 'the probe failed and named the cause and the fix';
      },
    },
    {
      title: "Allow ICMP on Madrid's VM → probe passes",
      run: async () => {
        await portal('vm', 'firewall', '-g', 'rg-madrid', '-n', 'vm-madrid', '--block-icmp', 'false');
        const asked = await api('POST', `/api/vnets/${sub}/rg-madrid/vnet-madrid/probe`);
        expect(asked.status === 202, `POST …/probe answered ${asked.status}: ${JSON.stringify(asked.body)}`);
        const ticketId = (asked.body as { ticketId: string }).ticketId;
        print(`   you> POST /api/vnets/${sub}/rg-madrid/vnet-madrid/probe → 202 (${ticketId})`);
        const pass = await passOfRequest(ticketId, MADRID);
        showPass(pass.record, pass.details);
        expect(probeOf(pass.record)?.passed === true, 'the probe did not pass');
        return 'ICMP answered both ways';
      },
    },
    {
      title: 'Add 10.3.0.0/16 to London with a subnet and a VM in it → the app syncs → the probe to the new VM passes',
      run: async () => {
        const after = await lastSequence();
        await options.hooks?.beforeChanges?.(4);
        await portal('vnet', 'address-add', '-g', 'rg-london', '-n', 'vnet-london', '--prefix', '10.3.0.0/16');
        await portal('subnet', 'create', '-g', 'rg-london', '--vnet', 'vnet-london', '-n', 'london-2', '--prefix', '10.3.0.0/24');
        await portal('vm', 'create', '-g', 'rg-london', '-n', 'vm-london-2', '--vnet', 'vnet-london', '--subnet', 'london-2', '--os-type', 'Linux');
        await options.hooks?.afterChanges?.(4);
        const pass = acting(await passesFor('for the address change', await portalWrites(after)));
        showPass(pass.record, pass.details);
        const probe = probeOf(pass.record);
        const intoNew = probe?.checks.find((c) => c.destinationPrefix === '10.3.0.0/16');
        expect(pass.details.outcome === 'converged' && pass.details.writes.some((w) => w.kind === 'syncPeering' && w.result === 'written'), `expected a converged sync, got: ${pass.record.summary}`);
        expect(probe?.passed === true && intoNew?.passed === true && intoNew.destination?.address?.startsWith('10.3.') === true, `expected the probe to the new VM to pass, got: ${intoNew ? describeCheck(intoNew) : 'no check into 10.3.0.0/16'}`);
        return 'synced without downtime; the new VM answers';
      },
    },
    {
      title: 'Tag Madrid peering-strategy=recreate, add 10.4.0.0/16 with a subnet and a VM → the app deletes and re-creates both sides → probe passes',
      run: async () => {
        const after = await lastSequence();
        await options.hooks?.beforeChanges?.(5);
        await portal('vnet', 'tag', '-g', 'rg-madrid', '-n', 'vnet-madrid', '--tags', 'peering-strategy=recreate');
        await portal('vnet', 'address-add', '-g', 'rg-madrid', '-n', 'vnet-madrid', '--prefix', '10.4.0.0/16');
        await portal('subnet', 'create', '-g', 'rg-madrid', '--vnet', 'vnet-madrid', '-n', 'madrid-2', '--prefix', '10.4.0.0/24');
        await portal('vm', 'create', '-g', 'rg-madrid', '-n', 'vm-madrid-2', '--vnet', 'vnet-madrid', '--subnet', 'madrid-2', '--os-type', 'Linux');
        await options.hooks?.afterChanges?.(5);
        const pass = acting(await passesFor('for the tag and the address change', await portalWrites(after)));
        showPass(pass.record, pass.details);
        const kinds = pass.details.writes.filter((w) => w.result === 'written').map((w) => w.kind).sort();
        expect(pass.details.strategy === 'recreate' && pass.details.outcome === 'converged' && kinds.join() === 'createPeering,createPeering,deletePeering,deletePeering', `expected both sides deleted and re-created, got: ${pass.record.summary}`);
        const intoNew = probeOf(pass.record)?.checks.find((c) => c.destinationPrefix === '10.4.0.0/16');
        expect(probeOf(pass.record)?.passed === true && intoNew?.passed === true, `expected the probe (incl. the new VM) to pass, got: ${pass.record.summary}`);
        const london = await net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'london-to-madrid');
        expect(london.remoteAddressSpace?.addressPrefixes?.includes('10.4.0.0/16') === true, "London's side does not route 10.4.0.0/16");
        return `re-created from the snapshot; ${await sides()}`;
      },
    },
    {
      title: "Delete Madrid's side of the peering → the app restores it → probe passes",
      run: async () => {
        const after = await lastSequence();
        await portal('peering', 'delete', '-g', 'rg-madrid', '--vnet', 'vnet-madrid', '-n', 'madrid-to-london');
        const pass = acting(await passesFor('for the deletion', await portalWrites(after)));
        showPass(pass.record, pass.details);
        expect(pass.details.outcome === 'converged' && probeOf(pass.record)?.passed === true, `expected the pair restored and probed, got: ${pass.record.summary}`);
        const state = await sides();
        expect(state === 'Connected/Connected', `the peering is ${state}`);
        return `restored: ${state}`;
      },
    },
  ];

  // 0. A fresh lab, and an app that remembers nothing of it.
  const storage = createStorageAccess({ AzureWebJobsStorage: options.storageConnection });
  await forgetPair(LONDON, MADRID, { storage, table: `${options.tablePrefix ?? ''}${REMEMBERED_PAIRS_TABLE}` });
  await control.loadScenario('london-madrid');
  print('0. A fresh lab: vnet-london 10.1.0.0/16 (UK South) and vnet-madrid 10.2.0.0/16 (Spain Central), a Windows VM in each, no peering.');

  for (const [i, step] of plan.entries()) {
    const n = i + 1;
    const stepStarted = Date.now();
    print(`${n}. ${step.title}`);
    try {
      const detail = await step.run();
      steps.push({ n, title: step.title, ok: true, detail });
      print(`   ✓ ${detail} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
    } catch (error) {
      const detail = error instanceof StepFailed ? error.message : `${(error as Error).stack ?? String(error)}`;
      steps.push({ n, title: step.title, ok: false, detail });
      print(`   ✗ step ${n} did not end as described: ${detail}`);
      break;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const ok = steps.length === plan.length && steps.every((s) => s.ok);
  print(ok ? `All ${plan.length} steps ended as described (${seconds.toFixed(1)} s).` : `The demo stopped at step ${steps.length} (${seconds.toFixed(1)} s).`);
  return { ok, steps, seconds };
}
