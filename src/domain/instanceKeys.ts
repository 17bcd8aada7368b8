/**
 * Keys derived from VNet ids for durable instance ids and Table storage keys.
 *
 * Both forbid `/ \ # ?` and control characters, and the same VNet arrives spelled differently
 * (Event Grid lower-cases `resourcegroups`, users change case), so a key is a fixed prefix plus a hash
 * of the lower-cased canonical id: one VNet, one key, whatever the spelling. SHA-256 is deterministic,
 * so orchestrators may compute these on replay.
 */
import { createHash } from 'node:crypto';
import { vnetKey } from './resourceId.js';

/** Prefix of every VNet reconcile instance id. */
export const VNET_INSTANCE_PREFIX = 'vnet-';

/** Prefix of every pair key (remembered peerings, audit rows). */
export const PAIR_KEY_PREFIX = 'pair-';

// 128 bits of SHA-256: collisions are not a practical concern and keys stay short (Table keys ≤ 1 KiB,
// instance ids are shown in URLs).
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * The one reconcile orchestration instance id of a VNet: `vnet-` + hash of its lower-cased canonical id.
 * Throws `ResourceIdError` when `vnetId` is not a VNet id.
 */
export function vnetInstanceId(vnetId: string): string {
  return VNET_INSTANCE_PREFIX + shortHash(vnetKey(vnetId));
}

/** Table key (partition or row) of a VNet: the same value as its instance id, safe for Table storage. */
export function vnetTableKey(vnetId: string): string {
  return vnetInstanceId(vnetId);
}

/**
 * The key of the unordered pair {a, b}: `pair-` + hash of both lower-cased ids in sorted order, so
 * `pairTableKey(a, b) === pairTableKey(b, a)`.
 */
export function pairTableKey(vnetIdA: string, vnetIdB: string): string {
  const [first, second] = [vnetKey(vnetIdA), vnetKey(vnetIdB)].sort();
  return PAIR_KEY_PREFIX + shortHash(`${first}|${second}`);
}

/** Whether `key` is usable as a durable instance id and a Table key (no `/ \ # ?`, no control characters). */
export function isSafeKey(key: string): boolean {
  // eslint-disable-next-line no-control-regex
  return key.length > 0 && !/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(key);
}
