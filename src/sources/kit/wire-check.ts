import type { z } from 'zod/v4';
import { isRecord } from '../../is-record.js';

/** True when zod would accept the value and hand back an equal one. */
export type WireCheck = (value: unknown) => boolean;

/** What is read of a zod 4 schema's definition (`_zod.def`, zod's documented way to inspect one). */
interface Def {
  type: string;
  coerce?: boolean;
  /** Set on a schema that is itself a check (`z.email()`, `z.int()`): left to zod. */
  format?: string;
  check?: string;
  checks?: readonly { _zod: { def: { check?: string; format?: string; minimum?: unknown } } }[];
  innerType?: Inspectable;
  element?: Inspectable;
  shape?: Readonly<Record<string, Inspectable>>;
  catchall?: Inspectable;
  keyType?: Inspectable;
  valueType?: Inspectable;
}

interface Inspectable {
  _zod: { def: Def };
}

const STRING = 0;
const BOOLEAN = 1;
const NUMBER = 2;
const SAFE_INTEGER = 3;
const ANYTHING = 4;
const NESTED = 5;

/** One value's check, as data: a loop over an object's fields then calls one function, not one closure per field. */
interface Rule {
  /** `optional`, or `unknown`. */
  readonly undefinedOk: boolean;
  /** `nullable`, or `unknown`. */
  readonly nullOk: boolean;
  readonly kind: typeof STRING | typeof BOOLEAN | typeof NUMBER | typeof SAFE_INTEGER | typeof ANYTHING | typeof NESTED;
  /** A string's `.min(n)`. */
  readonly minLength: number;
  /** An array, object or record. */
  readonly nested: WireCheck | undefined;
}

const compiled = new WeakMap<object, WireCheck | null>();

/**
 * A check of a decoded vendor answer against its wire schema that leaves the answer as it is. zod
 * returns a copy of what it parses (a 37-property Waldur user: 1.8 µs and 5.2 KB of garbage per
 * user, where JSON.parse itself made 1.5 KB); for the schemas the adapters use, that copy equals
 * the input, so an answer this accepts is used as decoded, and only one it refuses goes to zod,
 * which then names what is wrong.
 *
 * It mirrors only what copies nothing and changes nothing: strings (with `.min(n)` at most),
 * booleans and numbers (safe integers for `.int()`), `unknown`, `optional`, `nullable`, arrays,
 * string-keyed records, and objects that keep unknown keys (`z.looseObject`). For any other schema
 * (a strip object drops keys, a default fills them in, a transform changes them) it returns null,
 * and zod alone decides. It may refuse what zod accepts (zod then decides), never the other way round.
 */
export function wireCheckOf(schema: z.ZodType): WireCheck | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    const rule = ruleOf(schema as unknown as Inspectable);
    check = rule && ((value: unknown) => passes(rule, value));
    compiled.set(schema, check);
  }
  return check;
}

function passes(rule: Rule, value: unknown): boolean {
  if (value === undefined) return rule.undefinedOk;
  if (value === null) return rule.nullOk;
  switch (rule.kind) {
    case STRING:
      return typeof value === 'string' && value.length >= rule.minLength;
    case BOOLEAN:
      return typeof value === 'boolean';
    case NUMBER:
      return typeof value === 'number' && Number.isFinite(value);
    case SAFE_INTEGER:
      return Number.isSafeInteger(value);
    case ANYTHING:
      return true;
    default:
      return (rule.nested as WireCheck)(value);
  }
}

function leaf(kind: Rule['kind'], minLength = 0): Rule {
  return { undefinedOk: false, nullOk: false, kind, minLength, nested: undefined };
}

function ruleOf(schema: Inspectable): Rule | null {
  const def = schema._zod.def;
  if (def.coerce || def.format !== undefined || def.check !== undefined) return null;
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'string': {
      if (checks.length === 0) return leaf(STRING);
      const [only] = checks;
      const min = only?._zod.def;
      return checks.length === 1 && min?.check === 'min_length' && typeof min.minimum === 'number' ? leaf(STRING, min.minimum) : null;
    }
    case 'boolean':
      return checks.length === 0 ? leaf(BOOLEAN) : null;
    case 'number':
      if (checks.length === 0) return leaf(NUMBER);
      // `.int()` is zod 4's safe-integer format; any other check is left to zod.
      return checks.every((c) => c._zod.def.check === 'number_format' && c._zod.def.format === 'safeint') ? leaf(SAFE_INTEGER) : null;
    case 'unknown':
      return checks.length === 0 ? { undefinedOk: true, nullOk: true, kind: ANYTHING, minLength: 0, nested: undefined } : null;
    case 'optional': {
      const inner = def.innerType && checks.length === 0 ? ruleOf(def.innerType) : null;
      return inner && { ...inner, undefinedOk: true };
    }
    case 'nullable': {
      const inner = def.innerType && checks.length === 0 ? ruleOf(def.innerType) : null;
      return inner && { ...inner, nullOk: true };
    }
    case 'array': {
      const element = def.element && checks.length === 0 ? ruleOf(def.element) : null;
      return element && nested((value) => Array.isArray(value) && everyItem(value, element));
    }
    case 'record':
      return checks.length === 0 ? recordRule(def) : null;
    case 'object':
      return checks.length === 0 ? objectRule(def) : null;
    default:
      return null;
  }
}

function nested(check: WireCheck): Rule {
  return { undefinedOk: false, nullOk: false, kind: NESTED, minLength: 0, nested: check };
}

/**
 * A loose object: each known key checked, unknown ones kept as they are (zod's `catchall: unknown`).
 * An own `__proto__` key (JSON.parse makes one) goes to zod, whose copy would not keep it as a key.
 * The field reads are compiled, as zod compiles its own: `value["uuid"]` is a named load V8 caches
 * by the answer's shape, where `value[keys[i]]` in a loop was a megamorphic lookup per field (22
 * against 5 ns a field). The keys are the schema's own, quoted by JSON.stringify.
 */
function objectRule(def: Def): Rule | null {
  if (!def.shape || def.catchall?._zod.def.type !== 'unknown') return null;
  const keys = Object.keys(def.shape);
  // A key Object.prototype also has (`constructor`) would read an inherited value where the answer has none: zod decides those.
  if (keys.some((key) => key in Object.prototype)) return null;
  const fields: Rule[] = [];
  for (const key of keys) {
    const field = ruleOf(def.shape[key] as Inspectable);
    if (!field) return null;
    fields.push(field);
  }
  const body = keys.map((key, i) => `if (!passes(fields[${i}], value[${JSON.stringify(key)}])) return false;`).join('\n');
  const compiledFields = new Function(
    'passes',
    'fields',
    'checkableRecord',
    `return (value) => {\nif (!checkableRecord(value)) return false;\n${body}\nreturn true;\n};`,
  ) as (p: typeof passes, f: readonly Rule[], r: typeof checkableRecord) => WireCheck;
  return nested(compiledFields(passes, fields, checkableRecord));
}

/** A record with string keys (any key passes): every value checked. */
function recordRule(def: Def): Rule | null {
  const keyDef = def.keyType?._zod.def;
  const values = def.valueType ? ruleOf(def.valueType) : null;
  if (keyDef?.type !== 'string' || (keyDef.checks?.length ?? 0) > 0 || !values) return null;
  return nested((value) => {
    // zod takes only plain objects as records; JSON.parse makes nothing else.
    if (!checkableRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
    for (const key of Object.keys(value)) if (!passes(values, value[key])) return false;
    return true;
  });
}

/** A JSON object (is-record.ts) without an own `__proto__` key, which zod's copy would not keep as a key. */
function checkableRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !Object.hasOwn(value, '__proto__');
}

function everyItem(items: readonly unknown[], rule: Rule): boolean {
  for (let i = 0; i < items.length; i++) if (!passes(rule, items[i])) return false;
  return true;
}
