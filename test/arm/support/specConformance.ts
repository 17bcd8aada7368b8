/**
 * Conformance of the emulator's answers with the ARM OpenAPI specs in `<repoRoot>/../shared/spec`, read as
 * ARM reads them (`../shared/spec/README.md`):
 *
 * - an `x-ms-enum` with `modelAsString: true` is open (its `enum` is dropped);
 * - references to files that were not copied are open objects;
 * - every named definition that is not a base of another (`allOf`) is closed (`unevaluatedProperties:
 *   false`), so a member the spec does not define is a mismatch — the check that catches typos;
 * - the operation is found by matching the request path against the spec's path templates (independently
 *   of the emulator's own router), and the status code must be one the spec lists (errors: `default`).
 *
 * Answers to operations outside the copied specs (resource groups, Compute) are counted, not validated;
 * operation-status documents are validated against `AzureAsyncOperationResult`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from '../../../local/repoRoot.js';

/** One answer to check. */
export interface AnswerRecord {
  method: string;
  url: string;
  status: number;
  body: unknown;
  /** Spec operation id whose answer the body is (operation results of actions). */
  conformsTo?: string;
}

/** A mismatch. */
export interface ConformanceFailure extends AnswerRecord {
  problem: string;
}

const base = 'https://spec.local/';
const keptFormats = new Set(['date-time', 'uri', 'uuid']);

/**
 * The spec folder: `<repoRoot>/../shared/spec/2024-05-01`, the team's reference copy (a git worktree one level
 * deeper finds it one level up); else the byte-exact copy vendored under `test/fixtures/arm-spec` so that a
 * clone alone runs the conformance tests (a test keeps the two identical). `ARM_SPEC_DIR` overrides all.
 */
export function specDir(): string {
  if (process.env.ARM_SPEC_DIR) return process.env.ARM_SPEC_DIR;
  const candidates = [sharedSpecDir(), join(repoRoot(), '..', '..', 'shared', 'spec', '2024-05-01'), vendoredSpecDir()];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`ARM spec not found: looked in ${candidates.join(' and ')} (set ARM_SPEC_DIR)`);
  return found;
}

/** The team's reference copy beside the repository. */
export function sharedSpecDir(): string {
  return join(repoRoot(), '..', 'shared', 'spec', '2024-05-01');
}

/** The copy inside the repository (source tree, not `dist/`). */
export function vendoredSpecDir(): string {
  return join(repoRoot(), 'test', 'fixtures', 'arm-spec', '2024-05-01');
}

type Json = Record<string, unknown>;

function transform(node: unknown, file: string, copied: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, file, copied));
  if (!node || typeof node !== 'object') return node;
  const source = node as Json;
  const ref = source.$ref;
  if (typeof ref === 'string') {
    const [target, pointer = ''] = ref.split('#');
    const targetFile = target ? target.replace(/^\.\//, '') : file;
    if (!copied.has(targetFile)) return {};
    return { $ref: `${base}${targetFile}#${pointer}` };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'x-ms-examples') continue;
    if (key === 'format' && typeof value === 'string' && !keptFormats.has(value)) continue;
    out[key] = transform(value, file, copied);
  }
  const xmsEnum = source['x-ms-enum'] as { modelAsString?: boolean } | undefined;
  if (xmsEnum?.modelAsString) delete out.enum;
  return out;
}

function allOfBases(documents: Record<string, Json>): Set<string> {
  const bases = new Set<string>();
  const visit = (node: unknown, file: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, file));
    if (!node || typeof node !== 'object') return;
    const allOf = (node as Json).allOf;
    if (Array.isArray(allOf)) {
      for (const entry of allOf) {
        const ref = (entry as Json).$ref;
        if (typeof ref === 'string') {
          const [target, pointer = ''] = ref.split('#');
          bases.add(`${target ? target.replace(/^\.\//, '') : file}#${pointer}`);
        }
      }
    }
    for (const value of Object.values(node as Json)) visit(value, file);
  };
  for (const [file, doc] of Object.entries(documents)) visit(doc, file);
  return bases;
}

interface SpecOperation {
  operationId: string;
  method: string;
  segments: string[];
  responses: Record<string, { schema?: unknown }>;
  file: string;
}

/** Validates emulator answers against the spec; collects failures. */
export class SpecConformance {
  readonly failures: ConformanceFailure[] = [];
  /** Answers validated against a spec operation. */
  checked = 0;
  /** Answers to operations the copied specs do not describe. */
  unspecified = 0;
  private readonly ajv = new Ajv2019({ strict: false, allErrors: false, validateFormats: true });
  private readonly operations: SpecOperation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir = specDir()) {
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => void;
    addFormats(this.ajv);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const copied = new Set(files);
    const documents: Record<string, Json> = {};
    for (const file of files) documents[file] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
    const bases = allOfBases(documents);
    for (const [file, doc] of Object.entries(documents)) {
      const definitions = transform(doc.definitions ?? {}, file, copied) as Record<string, Json>;
      for (const [name, definition] of Object.entries(definitions)) {
        const isObject = definition.properties !== undefined || definition.allOf !== undefined;
        if (isObject && definition.additionalProperties === undefined && !bases.has(`${file}#/definitions/${name}`)) definition.unevaluatedProperties = false;
      }
      this.ajv.addSchema({ $id: `${base}${file}`, definitions }, `${base}${file}`);
      for (const [template, methods] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>)) {
        for (const [method, operation] of Object.entries(methods)) {
          if (method === 'parameters') continue;
          const responses = transform(operation.responses ?? {}, file, copied) as Record<string, { schema?: unknown }>;
          this.operations.push({ operationId: String(operation.operationId ?? ''), method: method.toUpperCase(), segments: template.split('/').filter(Boolean), responses, file });
        }
      }
    }
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema as Json);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private find(method: string, path: string): SpecOperation | undefined {
    const parts = path.split('/').filter(Boolean);
    const candidates = this.operations.filter(
      (op) => op.method === method && op.segments.length === parts.length && op.segments.every((s, i) => (s.startsWith('{') ? true : s.toLowerCase() === parts[i]?.toLowerCase())),
    );
    // Prefer the template with the most literal segments (`…/defaultSecurityRules` over `…/{name}`).
    return candidates.sort((a, b) => b.segments.filter((s) => !s.startsWith('{')).length - a.segments.filter((s) => !s.startsWith('{')).length)[0];
  }

  /** Checks one answer; returns the problem, or undefined when it conforms (or is unspecified). */
  check(record: AnswerRecord): string | undefined {
    const path = new URL(record.url, 'https://x').pathname;
    const method = record.method === 'HEAD' ? 'HEAD' : record.method;
    let problem: string | undefined;
    if (/\/locations\/[^/]+\/operations\/[^/]+$/i.test(path)) {
      problem = record.status >= 400 ? this.validate('CloudError', `${base}network.json#/definitions/CloudError`, record.body) : this.validate('AsyncResult', `${base}network.json#/definitions/AzureAsyncOperationResult`, record.body);
    } else if (/\/locations\/[^/]+\/operationResults\/[^/]+$/i.test(path)) {
      problem = record.status >= 400 ? this.validate('CloudError', `${base}network.json#/definitions/CloudError`, record.body) : this.checkResult(record);
    } else {
      const operation = this.find(method, path);
      if (!operation) {
        this.unspecified++;
        return undefined;
      }
      const response = operation.responses[String(record.status)] ?? (record.status >= 400 ? operation.responses.default : undefined);
      if (!response) problem = `status ${record.status} is not a response of ${method} ${operation.segments.join('/')} in ${operation.file}`;
      else if (response.schema === undefined) problem = record.body === undefined ? undefined : `status ${record.status} has no body in the spec, but one was sent`;
      else problem = this.validate(`${operation.file} ${method} ${operation.segments.join('/')} ${record.status}`, response.schema, record.body);
    }
    this.checked++;
    if (problem) this.failures.push({ ...record, problem });
    return problem;
  }

  /** An operation result: no body (deletes), or the 200 body of the action that started it. */
  private checkResult(record: AnswerRecord): string | undefined {
    if (record.body === undefined) return undefined;
    if (!record.conformsTo) return 'an operation result with a body must name the operation it answers';
    const operation = this.operations.find((op) => op.operationId === record.conformsTo);
    const schema = operation?.responses['200']?.schema;
    if (!operation || schema === undefined) return `operation ${record.conformsTo} has no 200 body in the spec`;
    return this.validate(`${operation.file} result ${record.conformsTo}`, schema, record.body);
  }

  private validate(key: string, schema: unknown, body: unknown): string | undefined {
    const validate = this.validator(key, typeof schema === 'string' ? { $ref: schema } : schema);
    if (validate(body)) return undefined;
    const error = validate.errors?.[0];
    return `${error?.instancePath || '/'} ${error?.message ?? 'invalid'}${error?.params ? ` ${JSON.stringify(error.params)}` : ''}`;
  }
}
