/**
 * The JSON Schema of the audit report (src/report/auditReport.schema.json) against the TypeScript contract
 * (src/report/auditReport.ts) and against real reports.
 *
 * - Agreement with the type, field by field: for every object of the report, a map of its properties to
 *   "required?" typed so that the compiler rejects it when the type gains, loses or changes the optionality
 *   of a property (`FieldFlags<T>`), compared with the schema's `properties` and `required`. Enums likewise.
 * - Real reports validate: built by `classifyDrift` on fixture worlds (test/fixtures/report), as JSON on the
 *   wire, also against a closed variant of the schema (no undocumented property anywhere).
 * - The sample report sets every property the schema documents (so every optional field is validated), and
 *   deleting a required property anywhere makes it invalid while deleting an optional one does not.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { DesiredSide } from '../../../src/domain/desired.js';
import type { DriftEntry, RemediationLevel, SideState } from '../../../src/domain/drift.js';
import { classifyDrift, DRIFT_CLASSES } from '../../../src/domain/drift.js';
import { adoptHealthyPairs } from '../../../src/domain/desired.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import type { OptionDifference, PeeringOptions } from '../../../src/domain/model.js';
import { PEERING_OPTION_NAMES } from '../../../src/domain/model.js';
import type { AuditReport, AuditTrigger, DesiredSourceKind, RemediationMode, ReportPair, ReportRemediation, ReportSide, ReportVnet } from '../../../src/report/auditReport.js';
import { PAIR_STATUSES } from '../../../src/report/auditReport.js';
import { buildAuditReport } from '../../../src/report/buildAuditReport.js';
import { sampleReport, scaleReport } from '../../fixtures/report/sampleReports.js';
import { World } from '../../fixtures/domain/world.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const schemaPath = new URL('../../../../src/report/auditReport.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;

/** `true` for each required property of `T`, `false` for each optional one; every property listed. */
type FieldFlags<T> = { readonly [K in keyof T]-?: object extends Pick<T, K> ? false : true };
/** Every member of a string union, once. */
type Members<U extends string> = Readonly<Record<U, true>>;

const fields = {
  '#': { schemaVersion: true, auditId: true, trigger: true, startedAt: true, finishedAt: true, desiredSource: true, remediation: true, prune: true, subscriptions: true, counts: true, vnets: true, pairs: true, drifts: true, remediations: true } satisfies FieldFlags<AuditReport>,
  '#/properties/counts': { subscriptions: true, vnets: true, peerings: true, pairs: true, drifts: true, byClass: true, armCalls: true } satisfies FieldFlags<AuditReport['counts']>,
  '#/$defs/vnet': { id: true, name: true, subscriptionId: true, resourceGroup: true, location: true, addressPrefixes: true, groups: true } satisfies FieldFlags<ReportVnet>,
  '#/$defs/pair': { pairKey: true, vnetIds: true, status: true, desired: true, sides: true } satisfies FieldFlags<ReportPair>,
  '#/$defs/pair/properties/sides': { a: false, b: false } satisfies FieldFlags<ReportPair['sides']>,
  '#/$defs/reportSide': { name: true, peeringState: true, peeringSyncLevel: true, provisioningState: true, options: true } satisfies FieldFlags<ReportSide>,
  '#/$defs/peeringOptions': { allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: true, useRemoteGateways: true } satisfies FieldFlags<PeeringOptions>,
  '#/$defs/driftEntry': { class: true, pairKey: true, vnetIds: true, sides: true, desired: false, group: false, message: true, fix: true, remediation: true, optionDifferences: false } satisfies FieldFlags<DriftEntry>,
  '#/$defs/driftEntry/properties/sides': { a: false, b: false } satisfies FieldFlags<DriftEntry['sides']>,
  '#/$defs/sideState': { peeringId: true, name: true, peeringState: true, peeringSyncLevel: true, provisioningState: true, options: true } satisfies FieldFlags<SideState>,
  '#/$defs/driftEntry/properties/desired': { a: true, b: true } satisfies FieldFlags<NonNullable<DriftEntry['desired']>>,
  '#/$defs/desiredSide': { vnetId: true, name: true, options: true } satisfies FieldFlags<DesiredSide>,
  '#/$defs/driftEntry/properties/optionDifferences': { a: true, b: true } satisfies FieldFlags<NonNullable<DriftEntry['optionDifferences']>>,
  '#/$defs/optionDifference': { option: true, actual: true, wanted: true } satisfies FieldFlags<OptionDifference>,
  '#/$defs/remediation': { vnetId: true, ticketId: true, pairKeys: true, status: true, detail: false, probes: false } satisfies FieldFlags<ReportRemediation>,
  '#/$defs/probe': { pairKey: true, reachable: true, summary: true } satisfies FieldFlags<NonNullable<ReportRemediation['probes']>[number]>,
};

const enums: Record<string, readonly string[]> = {
  '#/properties/trigger': Object.keys({ timer: true, http: true } satisfies Members<AuditTrigger>),
  '#/properties/desiredSource': Object.keys({ topology: true, remembered: true } satisfies Members<DesiredSourceKind>),
  '#/properties/remediation': Object.keys({ off: true, safe: true, all: true } satisfies Members<RemediationMode>),
  '#/$defs/remediationLevel': Object.keys({ safe: true, all: true, prune: true, none: true } satisfies Members<RemediationLevel>),
  '#/$defs/remediation/properties/status': Object.keys({ handedOver: true, succeeded: true, failed: true, skipped: true } satisfies Members<ReportRemediation['status']>),
  '#/$defs/driftClass': DRIFT_CLASSES,
  '#/properties/counts/properties/byClass/required': DRIFT_CLASSES,
  '#/$defs/pairStatus': PAIR_STATUSES,
  '#/$defs/optionDifference/properties/option': PEERING_OPTION_NAMES,
};

/** The schema node at a JSON pointer (`#/a/b`), following a `$ref` the node is. */
function at(pointer: string): Json {
  let node: Json = schema;
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) node = (node as Schema)[part] as Json;
  const ref = (node as Schema | undefined)?.['$ref'];
  return typeof ref === 'string' ? at(ref) : node;
}

/** The schema with `additionalProperties: false` on every object that lists its properties. */
function closed(node: Json): Json {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  if ('properties' in node && !('additionalProperties' in node)) copy['additionalProperties'] = false;
  return copy;
}

function compile(s: Json) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(s as Schema);
}

const validate = compile(schema);
const validateClosed = compile(closed(schema));

function errors(v: ReturnType<typeof compile>): string {
  return (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');
}

/** A report in remembered mode: pairs adopted while healthy, then one broken and one resized. */
function rememberedReport(): AuditReport {
  const w = new World();
  w.vnet('A', ['10.1.0.0/16']);
  w.vnet('B', ['10.2.0.0/16']);
  w.vnet('C', ['10.3.0.0/16']);
  w.connect('A', 'B');
  w.connect('B', 'C');
  const remembered = adoptHealthyPairs(buildInventory(w.snapshots()));
  w.deleteSide('C', 'B');
  w.resize('A', ['10.1.0.0/16', '10.9.0.0/16']);
  const inventory = buildInventory(w.snapshots());
  const drift = classifyDrift({ desired: remembered, inventory, now: '2026-06-01T00:00:00.000Z', reportUnexpected: false });
  return buildAuditReport({ auditId: 'a1', trigger: 'http', startedAt: '2026-06-01T00:00:00.000Z', finishedAt: '2026-06-01T00:00:01.000Z', desiredSource: 'remembered', remediation: 'off', prune: false, subscriptions: [w.id('A').split('/')[2] as string], armCalls: 1, inventory, desired: remembered, drift });
}

/** Property paths of a JSON value, array indices as `[]`; `counts.byClass` kept whole (its keys are data). */
function valuePaths(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) valuePaths(item, `${path}[]`, out);
  else if (value !== null && typeof value === 'object' && path !== '.counts.byClass') {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${path}.${k}`);
      valuePaths(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** Property paths the schema documents, in the same notation. */
function schemaPaths(node: Json, path = '', out = new Set<string>()): Set<string> {
  const n = node as Schema;
  if (typeof n['$ref'] === 'string') return schemaPaths(at(n['$ref']), path, out);
  const props = n['properties'] as Schema | undefined;
  if (props && path !== '.counts.byClass') {
    for (const [k, v] of Object.entries(props)) {
      out.add(`${path}.${k}`);
      schemaPaths(v, `${path}.${k}`, out);
    }
  }
  if (n['items']) schemaPaths(n['items'], `${path}[]`, out);
  for (const item of (n['prefixItems'] as Json[] | undefined) ?? []) schemaPaths(item, `${path}[]`, out);
  return out;
}

describe('audit report JSON Schema', () => {
  for (const [pointer, flags] of Object.entries(fields)) {
    it(`${pointer} lists the properties of the TypeScript type, required exactly where the type requires them`, () => {
      const node = at(pointer) as Schema;
      const documented = Object.keys((node['properties'] as Schema | undefined) ?? {}).sort();
      assert.deepEqual(documented, Object.keys(flags).sort(), 'properties');
      const required = [...((node['required'] as string[] | undefined) ?? [])].sort();
      assert.deepEqual(required, Object.entries(flags).filter(([, r]) => r).map(([k]) => k).sort(), 'required');
    });
  }

  for (const [pointer, members] of Object.entries(enums)) {
    it(`${pointer} enumerates exactly the type's values`, () => {
      const node = at(pointer);
      const values = Array.isArray(node) ? node : ((node as Schema)['enum'] as string[]);
      assert.deepEqual([...values].sort(), [...members].sort());
    });
  }

  it('is a valid draft 2020-12 schema in ajv strict mode, versioned like the type', () => {
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(at('#/properties/schemaVersion'), { const: sampleReport().schemaVersion, description: 'Version of this schema.' });
  });

  const reports = { sample: sampleReport(), scale: scaleReport(), remembered: rememberedReport() };
  for (const [name, report] of Object.entries(reports)) {
    it(`the ${name} report, built by classifyDrift on a fixture world, validates as sent (and against the closed schema)`, () => {
      const wire = JSON.parse(JSON.stringify(report)) as unknown;
      assert.ok(validate(wire), errors(validate));
      assert.ok(validateClosed(wire), errors(validateClosed));
    });
  }

  it('the sample report sets every property the schema documents, optional ones included', () => {
    const documented = schemaPaths(schema);
    const seen = valuePaths(reports.sample);
    assert.deepEqual([...documented].filter((p) => !seen.has(p)), []);
    assert.deepEqual([...seen].filter((p) => !documented.has(p)), []);
    assert.ok(documented.size > 60, `${documented.size} paths`);
  });

  it('a report without a required property is invalid anywhere; without an optional one it stays valid', () => {
    const wire = JSON.parse(JSON.stringify(reports.sample)) as Json;
    // Every property of the report with its location, the notation of schemaPaths and whether the schema requires it.
    const found = new Map<string, { tokens: (string | number)[]; required: boolean }>();
    const visit = (value: Json, node: Json, tokens: (string | number)[], path: string) => {
      const n = node as Schema;
      if (typeof n['$ref'] === 'string') return visit(value, at(n['$ref']), tokens, path);
      if (Array.isArray(value)) {
        const prefix = n['prefixItems'] as Json[] | undefined;
        value.forEach((item, i) => visit(item, prefix?.[i] ?? (n['items'] as Json), [...tokens, i], `${path}[]`));
        return;
      }
      if (value === null || typeof value !== 'object' || path === '.counts.byClass') return;
      const props = (n['properties'] as Schema | undefined) ?? {};
      const required = new Set((n['required'] as string[] | undefined) ?? []);
      for (const [key, child] of Object.entries(value)) {
        const p = `${path}.${key}`;
        if (!found.has(p)) found.set(p, { tokens: [...tokens, key], required: required.has(key) });
        if (props[key] !== undefined) visit(child, props[key] as Json, [...tokens, key], p);
      }
    };
    visit(wire, schema, [], '');
    let required = 0;
    for (const [p, { tokens, required: isRequired }] of found) {
      const copy = structuredClone(wire) as Record<string | number, unknown>;
      const parent = tokens.slice(0, -1).reduce<Record<string | number, unknown>>((o, t) => o[t] as Record<string | number, unknown>, copy);
      delete parent[tokens.at(-1) as string];
      if (isRequired) {
        required += 1;
        assert.equal(validate(copy), false, `${p} is required, but the report stays valid without it`);
      } else {
        assert.ok(validate(copy), `${p} is optional, but the report is invalid without it: ${errors(validate)}`);
      }
    }
    const optional = found.size - required;
    assert.ok(required > 40 && optional >= 8, `${required} required, ${optional} optional properties checked`);
  });
});
