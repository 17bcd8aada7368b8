/**
 * The topology file (`TOPOLOGY_FILE`): the desired peerings as named groups, in YAML or JSON (JSON is YAML,
 * so one parser reads both). Validated with zod; every problem is reported with its line, column and field
 * path, so an operator can fix the file without guessing. Maps to `src/domain/topology.ts` groups, which
 * `expandTopology` turns into desired pairs against an inventory.
 *
 * ```yaml
 * groups:
 *   - name: prod                       # unique
 *     members:                         # any of: ids, tag (within a subscription or everywhere), resource group
 *       - ids: [/subscriptions/…/virtualNetworks/vnet-a]
 *       - tag: peering-group=prod
 *         subscription: 11111111-1111-1111-1111-111111111111
 *       - resourceGroup: rg-spokes
 *         subscription: 11111111-1111-1111-1111-111111111111
 *     connectivity: mesh               # mesh | hub-spoke | pairs
 *     hub: /subscriptions/…/virtualNetworks/vnet-hub          # hub-spoke only (a member even if not selected)
 *     spokesUseRemoteGateways: false   # hub-spoke only; hubAllowGatewayTransit defaults to it
 *     pairs: [[/subscriptions/…/a, /subscriptions/…/b]]      # pairs only
 *     options: { allowForwardedTraffic: true }                # per group, any of the four
 * ```
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { MemberSelector, TopologyGroup } from '../domain/topology.js';
import { tryParseVnetId, VNET_ID_SHAPE } from '../domain/resourceId.js';

/** One problem in the file: where (1-based line and column, when known), which field, what is wrong. */
export interface TopologyIssue {
  readonly line?: number;
  readonly column?: number;
  /** Field path, e.g. `groups[1].members[0].tag`. */
  readonly field: string;
  readonly message: string;
}

/** Thrown by {@link parseTopology}; lists every problem with its place in the file. */
export class TopologyFileError extends Error {
  override readonly name = 'TopologyFileError';
  constructor(
    readonly source: string,
    readonly issues: readonly TopologyIssue[],
  ) {
    super(`invalid topology file ${source}: ${issues.map((i) => `${i.line ? `line ${i.line}:${i.column ?? 1} ` : ''}${i.field}: ${i.message}`).join('; ')}`);
  }
}

/** A parsed topology: the groups in file order (the first group wins a pair asked for twice). */
export interface TopologyFile {
  readonly groups: readonly TopologyGroup[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const vnetId = z.string().refine((v) => tryParseVnetId(v) !== undefined, { message: `is not a VNet id: expected ${VNET_ID_SHAPE}` });
const subscription = z.string().regex(GUID, 'is not a subscription id (a GUID)');

const options = z
  .object({
    allowVirtualNetworkAccess: z.boolean(),
    allowForwardedTraffic: z.boolean(),
    allowGatewayTransit: z.boolean(),
    useRemoteGateways: z.boolean(),
  })
  .partial()
  .strict();

const tag = z.union([
  z.string().regex(/^[^=]+=.*$/, "must be 'name=value' (e.g. peering-group=prod)"),
  z.object({ name: z.string().min(1), value: z.string() }).strict(),
]);

const member = z.union([
  z.object({ ids: z.array(vnetId).min(1) }).strict(),
  z.object({ id: vnetId }).strict(),
  z.object({ tag, subscription: subscription.optional() }).strict(),
  z.object({ resourceGroup: z.string().min(1), subscription }).strict(),
]);

const common = {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1-80 letters, digits, . _ - (starting with a letter or digit)'),
  members: z.array(member).default([]),
  options: options.optional(),
};

const group = z.discriminatedUnion('connectivity', [
  z.object({ ...common, connectivity: z.literal('mesh') }).strict(),
  z
    .object({
      ...common,
      connectivity: z.literal('hub-spoke'),
      hub: vnetId,
      spokesUseRemoteGateways: z.boolean().optional(),
      hubAllowGatewayTransit: z.boolean().optional(),
    })
    .strict(),
  z.object({ ...common, connectivity: z.literal('pairs'), pairs: z.array(z.tuple([vnetId, vnetId])).min(1) }).strict(),
]);

const fileSchema = z
  .object({ groups: z.array(group).min(1, 'must list at least one group') })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.groups.forEach((g, i) => {
      const first = seen.get(g.name.toLowerCase());
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['groups', i, 'name'], message: `'${g.name}' is already the name of groups[${first}]` });
      else seen.set(g.name.toLowerCase(), i);
      if (g.connectivity !== 'pairs' && g.members.length === 0 && g.connectivity !== 'hub-spoke') {
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'members'], message: 'a mesh needs members (ids, tag or resourceGroup)' });
      }
    });
  });

type GroupInput = z.infer<typeof group>;

function selectorOf(m: z.infer<typeof member>): MemberSelector {
  if ('ids' in m) return { ids: m.ids };
  if ('id' in m) return { ids: [m.id] };
  if ('tag' in m) {
    const t = typeof m.tag === 'string' ? { name: m.tag.slice(0, m.tag.indexOf('=')).trim(), value: m.tag.slice(m.tag.indexOf('=') + 1).trim() } : m.tag;
    return { tag: t, ...(m.subscription ? { subscriptionId: m.subscription } : {}) };
  }
  return { resourceGroup: m.resourceGroup, subscriptionId: m.subscription };
}

function groupOf(g: GroupInput): TopologyGroup {
  const members = g.members.map(selectorOf);
  const base = { name: g.name, ...(g.options ? { options: g.options } : {}) };
  switch (g.connectivity) {
    case 'mesh':
      return { ...base, members, connectivity: { kind: 'mesh' } };
    case 'hub-spoke':
      return {
        ...base,
        // The hub is a member whether or not a selector picks it.
        members: [{ ids: [g.hub] }, ...members],
        connectivity: {
          kind: 'hub-spoke',
          hub: g.hub,
          ...(g.spokesUseRemoteGateways === undefined ? {} : { spokesUseRemoteGateways: g.spokesUseRemoteGateways }),
          ...(g.hubAllowGatewayTransit === undefined ? {} : { hubAllowGatewayTransit: g.hubAllowGatewayTransit }),
        },
      };
    case 'pairs':
      return { ...base, members: [{ ids: [...new Set(g.pairs.flat())] }, ...members], connectivity: { kind: 'pairs', pairs: g.pairs } };
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(file)';
}

/**
 * Parses and validates a topology file's text. `source` names the file in errors. Throws
 * {@link TopologyFileError} listing every problem with line, column and field.
 */
export function parseTopology(text: string, source = 'topology'): TopologyFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new TopologyFileError(
      source,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { ...(pos ? { line: pos.line, column: pos.col } : {}), field: '(syntax)', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const result = fileSchema.safeParse(doc.toJS());
  if (result.success) return { groups: result.data.groups.map(groupOf) };
  const issues = result.error.issues.map((issue): TopologyIssue => {
    // The deepest node of the path that exists in the document gives the place.
    let place: { line: number; col: number } | undefined;
    for (let n = issue.path.length; n >= 0 && !place; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) place = lineCounter.linePos(range[0]);
    }
    const message = issue.path.at(-1) === 'connectivity' ? CONNECTIVITY : issue.code === 'invalid_union' ? unionMessage(issue) : issue.message;
    return { ...(place ? { line: place.line, column: place.col } : {}), field: fieldPath(issue.path), message };
  });
  throw new TopologyFileError(source, issues);
}

const CONNECTIVITY = "connectivity must be 'mesh', 'hub-spoke' (with hub) or 'pairs' (with pairs)";

function unionMessage(issue: z.core.$ZodIssue): string {
  if (issue.path.at(-2) === 'members') return "a member must be one of { ids: [VNet ids] }, { id }, { tag: 'name=value', subscription? }, { resourceGroup, subscription } (no other fields)";
  return issue.message;
}
