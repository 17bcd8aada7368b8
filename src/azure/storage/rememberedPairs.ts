/**
 * The remembered desired pairs (DESIGN.md, desired state without a topology file): the peerings last seen
 * healthy, adopted on first sight, kept in Table storage. A pair is stored once under each of its VNets
 * (partition = the VNet's hashed key, row = the pair's hashed key), so "every pair touching this VNet" is
 * one partition query, and "every pair" (the audit) one scan, de-duplicated by row key. Keys are hashed
 * like instance ids (`src/domain/instanceKeys.ts`): ARM ids contain `/`, which Table keys forbid, and
 * differ in case between sources.
 */
import type { DesiredPair } from '../../domain/desired.js';
import { pairTableKey, vnetTableKey } from '../../domain/instanceKeys.js';
import { storageFromEnv, type StorageAccess } from './storageAccess.js';

/** Default table name. */
export const REMEMBERED_PAIRS_TABLE = 'RememberedPeerings';

/** Options of the remembered-pairs functions. */
export interface RememberedPairsOptions {
  /** Storage access; default the process-wide one from `AzureWebJobsStorage`. */
  readonly storage?: StorageAccess;
  /** Table name; default {@link REMEMBERED_PAIRS_TABLE}. */
  readonly table?: string;
}

interface PairEntity {
  partitionKey: string;
  rowKey: string;
  /** The VNet this row is filed under, as ARM spells it (readable in storage explorers). */
  vnetId: string;
  otherVnetId: string;
  /** `DesiredPair.key` (readable, lower-cased ids). */
  pairKey: string;
  /** The pair as JSON. */
  pair: string;
  rememberedAt: string;
}

function table(options: RememberedPairsOptions) {
  return (options.storage ?? storageFromEnv()).table(options.table ?? REMEMBERED_PAIRS_TABLE);
}

function rowsOf(pair: DesiredPair, now: string): PairEntity[] {
  const rowKey = pairTableKey(pair.a.vnetId, pair.b.vnetId);
  const json = JSON.stringify(pair);
  return [
    { partitionKey: vnetTableKey(pair.a.vnetId), rowKey, vnetId: pair.a.vnetId, otherVnetId: pair.b.vnetId, pairKey: pair.key, pair: json, rememberedAt: now },
    { partitionKey: vnetTableKey(pair.b.vnetId), rowKey, vnetId: pair.b.vnetId, otherVnetId: pair.a.vnetId, pairKey: pair.key, pair: json, rememberedAt: now },
  ];
}

/**
 * Remembers pairs (adopted, requested, or updated after a successful reconcile): each replaces what was
 * remembered for the same two VNets. Idempotent.
 */
export async function rememberPairs(pairs: readonly DesiredPair[], options: RememberedPairsOptions = {}): Promise<void> {
  if (pairs.length === 0) return;
  const client = await table(options);
  const now = new Date().toISOString();
  for (const pair of pairs) for (const row of rowsOf(pair, now)) await client.upsertEntity(row, 'Replace');
}

/** Every remembered pair touching `vnetId`, sorted by key. One partition query. */
export async function listRememberedPairs(vnetId: string, options: RememberedPairsOptions = {}): Promise<DesiredPair[]> {
  const client = await table(options);
  const { odata } = await import('@azure/data-tables');
  const pairs: DesiredPair[] = [];
  for await (const row of client.listEntities<PairEntity>({ queryOptions: { filter: odata`PartitionKey eq ${vnetTableKey(vnetId)}` } })) {
    pairs.push(JSON.parse(row.pair) as DesiredPair);
  }
  return pairs.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Every remembered pair (the audit's desired state without a topology), once each, sorted by key. */
export async function listAllRememberedPairs(options: RememberedPairsOptions = {}): Promise<DesiredPair[]> {
  const client = await table(options);
  const byRow = new Map<string, DesiredPair>();
  for await (const row of client.listEntities<PairEntity>()) {
    if (!byRow.has(row.rowKey)) byRow.set(row.rowKey, JSON.parse(row.pair) as DesiredPair);
  }
  return [...byRow.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Forgets the pair of two VNets (both rows); `forgotten: false` when nothing was remembered. */
export async function forgetPair(vnetIdA: string, vnetIdB: string, options: RememberedPairsOptions = {}): Promise<{ forgotten: boolean }> {
  const client = await table(options);
  const rowKey = pairTableKey(vnetIdA, vnetIdB);
  let forgotten = false;
  for (const partitionKey of [vnetTableKey(vnetIdA), vnetTableKey(vnetIdB)]) {
    try {
      await client.deleteEntity(partitionKey, rowKey);
      forgotten = true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
  return { forgotten };
}
