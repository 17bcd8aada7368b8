/**
 * Peering names: ARM's rule and the default name derived from the two VNet names.
 */
import { createHash } from 'node:crypto';

/** ARM's rule for `virtualNetworkPeerings` names, quoted in errors. */
export const PEERING_NAME_RULE =
  '1-80 characters: letters, digits, underscores, periods or hyphens; starting with a letter or digit and ending with a letter, digit or underscore';

const MAX_LENGTH = 80;
const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

/** Whether `name` satisfies ARM's peering-name rule. */
export function isValidPeeringName(name: string): boolean {
  return name.length <= MAX_LENGTH && NAME_RE.test(name);
}

/** `undefined` when `name` is valid, else a sentence naming the name and the rule. */
export function peeringNameProblem(name: string): string | undefined {
  return isValidPeeringName(name) ? undefined : `peering name '${name}' breaks ARM's rule: ${PEERING_NAME_RULE}`;
}

// Characters ARM does not allow become hyphens; the edges are trimmed to what may start/end a name.
function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9_.-]/g, '-');
}

function trimEdges(name: string): string {
  return name.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9_]+$/, '');
}

/**
 * The default name of the side on `localVnetName` pointing at `remoteVnetName`: `<local>-to-<remote>`
 * (`London-to-Madrid`). Names longer than 80 characters are shortened deterministically, keeping both
 * VNet names' beginnings and adding an 8-character hash of the full pair so distinct pairs stay distinct.
 * Always satisfies {@link isValidPeeringName}.
 */
export function defaultPeeringName(localVnetName: string, remoteVnetName: string): string {
  const local = sanitize(localVnetName);
  const remote = sanitize(remoteVnetName);
  const full = trimEdges(`${local}-to-${remote}`);
  if (full.length <= MAX_LENGTH && isValidPeeringName(full)) return full;
  const hash = createHash('sha256').update(`${localVnetName}\u0000${remoteVnetName}`).digest('hex').slice(0, 8);
  // 80 = a + '-to-' (4) + b + '-' (1) + hash (8) → a + b ≤ 67.
  const budget = MAX_LENGTH - 4 - 1 - hash.length;
  const half = Math.floor(budget / 2);
  const a = trimEdges(local.slice(0, Math.max(half, budget - remote.length))) || 'vnet';
  const b = trimEdges(remote.slice(0, budget - a.length)) || 'vnet';
  return `${a}-to-${b}-${hash}`;
}
