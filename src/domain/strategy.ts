/**
 * Which address-change strategy applies: the request's, else the VNet's `peering-strategy` tag, else the
 * `ADDRESS_CHANGE_STRATEGY` setting.
 */
import type { Strategy } from './planTypes.js';

/** Name of the VNet tag that chooses the strategy (compared case-insensitively, as Azure tag names are). */
export const STRATEGY_TAG = 'peering-strategy';

/** The strategy and where it came from (for logs and the operation status). */
export interface ResolvedStrategy {
  readonly strategy: Strategy;
  readonly source: 'request' | 'tag' | 'setting';
  /** Set when the tag holds something other than `sync`/`recreate` (it is then ignored). */
  readonly warning?: string;
}

function asStrategy(value: string | undefined): Strategy | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'sync' || v === 'recreate' ? v : undefined;
}

/** Resolves the strategy: `requested` → tag `peering-strategy` on the VNet → `setting`. */
export function resolveStrategy(input: {
  readonly requested?: Strategy;
  readonly vnetTags?: Readonly<Record<string, string>>;
  readonly setting: Strategy;
}): ResolvedStrategy {
  if (input.requested) return { strategy: input.requested, source: 'request' };
  const tag = Object.entries(input.vnetTags ?? {}).find(([name]) => name.toLowerCase() === STRATEGY_TAG);
  const fromTag = asStrategy(tag?.[1]);
  if (fromTag) return { strategy: fromTag, source: 'tag' };
  const warning = tag ? `tag ${STRATEGY_TAG}='${tag[1]}' is neither 'sync' nor 'recreate': using the setting '${input.setting}'` : undefined;
  return { strategy: input.setting, source: 'setting', ...(warning ? { warning } : {}) };
}
