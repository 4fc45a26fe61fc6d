import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { CONTRACTS_DIR } from './paths.js';

/** The vendor specs in `contracts/`, by a short name. */
export const CONTRACT_FILES = {
  dqops: 'dqops/dqops-users-swagger2.json',
  waldur: 'waldur/waldur-7.9.8-users-openapi.yaml',
  'waldur-8': 'waldur/waldur-8.0.5-users-openapi.yaml',
  rockset: 'rockset/rockset-js-0.9.2-users-swagger2.yaml',
  'rockset-go': 'rockset/rockset-go-client-users-openapi3.yaml',
} as const;
export type ContractName = keyof typeof CONTRACT_FILES;

type Json = Record<string, unknown>;

/**
 * Validates simulator traffic against a vendor's own OpenAPI/Swagger document with Ajv.
 * The whole document is registered as one schema, so its internal `$ref`s resolve as written.
 */
export class Contract {
  readonly name: ContractName;
  readonly #spec: Json;
  readonly #ajv: Ajv;
  readonly #isSwagger2: boolean;

  constructor(name: ContractName) {
    this.name = name;
    const file = join(CONTRACTS_DIR, CONTRACT_FILES[name]);
    const text = readFileSync(file, 'utf8');
    this.#spec = (file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text)) as Json;
    this.#isSwagger2 = this.#spec['swagger'] === '2.0';
    // strict: false because a spec document carries keywords Ajv does not know (example, readOnly, x-*).
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    // Waldur serializes UUIDs as 32 hex digits (Django's uuid.hex), which the spec's `format: uuid`
    // does not describe; the real server's form is accepted as well as the dashed one.
    this.#ajv.addFormat('uuid', /^(?:[0-9a-f]{32}|[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/i);
    this.#ajv.addSchema({ ...this.#spec, $id: name });
  }

  /** The statuses the spec declares for an operation. */
  declaredStatuses(method: string, pathTemplate: string): string[] {
    return Object.keys(this.#operation(method, pathTemplate)['responses'] as Json);
  }

  /** The validator for a declared response's body, or undefined when the spec gives no body schema. */
  responseValidator(method: string, pathTemplate: string, status: number | string): ValidateFunction | undefined {
    const op = this.#operation(method, pathTemplate);
    const responses = op['responses'] as Json;
    const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined;
    if (key === undefined) return undefined;
    const base = `${pointer(['paths', pathTemplate, method.toLowerCase(), 'responses', key])}`;
    const response = responses[key] as Json;
    if (this.#isSwagger2) return response['schema'] ? this.#get(`${base}/schema`) : undefined;
    const content = response['content'] as Json | undefined;
    if (!content) return undefined;
    const type = Object.keys(content).find((t) => t.includes('json'));
    return type ? this.#get(`${base}/content/${escapePointer(type)}/schema`) : undefined;
  }

  /** The validator for an operation's request body. */
  requestValidator(method: string, pathTemplate: string): ValidateFunction | undefined {
    const op = this.#operation(method, pathTemplate);
    const base = pointer(['paths', pathTemplate, method.toLowerCase()]);
    if (this.#isSwagger2) {
      const params = (op['parameters'] as Json[] | undefined) ?? [];
      const i = params.findIndex((p) => p['in'] === 'body');
      return i >= 0 ? this.#get(`${base}/parameters/${i}/schema`) : undefined;
    }
    const content = (op['requestBody'] as Json | undefined)?.['content'] as Json | undefined;
    const type = content && Object.keys(content).find((t) => t.includes('json'));
    return type ? this.#get(`${base}/requestBody/content/${escapePointer(type)}/schema`) : undefined;
  }

  /** A named schema: `definitions/X` in Swagger 2, `components/schemas/X` in OpenAPI 3. */
  schema(name: string): ValidateFunction {
    return this.#get(this.#isSwagger2 ? `#/definitions/${escapePointer(name)}` : `#/components/schemas/${escapePointer(name)}`);
  }

  /**
   * Asserts that a response's status is one the spec declares and that its body validates.
   * `deviation` lets a test accept a status the spec omits, with the README's reason.
   */
  assertResponse(method: string, pathTemplate: string, res: { status: number; text: string }, deviation?: { status: number; because: string }): void {
    const declared = this.declaredStatuses(method, pathTemplate);
    if (!(deviation && deviation.status === res.status)) {
      assert.ok(
        declared.includes(String(res.status)) || declared.includes('default'),
        `${this.name} ${method} ${pathTemplate}: status ${res.status} is not declared (declared: ${declared.join(', ')})`,
      );
    }
    const validate = this.responseValidator(method, pathTemplate, res.status);
    if (!validate) return;
    const body: unknown = res.text === '' ? undefined : JSON.parse(res.text);
    assertValid(validate, body, `${this.name} ${method} ${pathTemplate} ${res.status}`);
  }

  #operation(method: string, pathTemplate: string): Json {
    const item = (this.#spec['paths'] as Json)[pathTemplate] as Json | undefined;
    assert.ok(item, `${this.name}: the spec has no path ${pathTemplate}`);
    const op = item[method.toLowerCase()] as Json | undefined;
    assert.ok(op, `${this.name}: the spec has no ${method} ${pathTemplate}`);
    return op;
  }

  #get(ref: string): ValidateFunction {
    const validate = this.#ajv.getSchema(`${this.name}${ref.startsWith('#') ? ref : `#${ref}`}`);
    assert.ok(validate, `${this.name}: no schema at ${ref}`);
    return validate;
  }
}

/** Asserts a value validates, with Ajv's errors in the failure message. */
export function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  const ok = validate(value);
  assert.ok(ok, `${what}: body does not match the spec: ${JSON.stringify(validate.errors?.slice(0, 5))} body=${JSON.stringify(value)?.slice(0, 400)}`);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointer(segments: string[]): string {
  return `#/${segments.map(escapePointer).join('/')}`;
}

const cache = new Map<ContractName, Contract>();
/** One parsed contract per name per test file. */
export function contract(name: ContractName): Contract {
  let c = cache.get(name);
  if (!c) {
    c = new Contract(name);
    cache.set(name, c);
  }
  return c;
}
