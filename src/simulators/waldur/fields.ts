import { parseDrfDate } from './datetime.js';
import { normalizeUuid } from './identifiers.js';

/**
 * Django REST framework's field conversions and messages, for the few field kinds the
 * Waldur user endpoints take. Each returns the converted value or DRF's error text.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const REQUIRED = 'This field is required.';
const NULL = 'This field may not be null.';

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = <T>(error: string): FieldResult<T> => ({ ok: false, error });

export interface CharOptions {
  maxLength?: number;
  allowBlank?: boolean;
  allowNull?: boolean;
  /** A RegexValidator: the pattern and its message. */
  pattern?: [RegExp, string];
}

/** `serializers.CharField`: strings and numbers accepted, whitespace trimmed, then validators. */
export function charField(value: unknown, opts: CharOptions = {}): FieldResult<string | null> {
  if (value === null) return opts.allowNull ? ok(null) : bad(NULL);
  if (typeof value === 'boolean' || !['string', 'number'].includes(typeof value)) return bad('Not a valid string.');
  const text = String(value).trim();
  if (text === '') return opts.allowBlank === false ? bad('This field may not be blank.') : ok('');
  if (opts.maxLength !== undefined && [...text].length > opts.maxLength) {
    return bad(`Ensure this field has no more than ${opts.maxLength} characters.`);
  }
  if (opts.pattern && !opts.pattern[0].test(text)) return bad(opts.pattern[1]);
  return ok(text);
}

// Django's EmailValidator, simplified: a dot-atom or quoted local part, and a domain with a
// TLD of two or more letters, or `localhost`, or an IP literal.
const EMAIL_USER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Django's EmailValidator allows control characters inside a quoted local part; the copy must too.
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/;
const EMAIL_DOMAIN = /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}(?<!-)|localhost|\[[0-9a-fA-F:.]+\])$/;

function isValidEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || text.length > 320) return false;
  return EMAIL_USER.test(text.slice(0, at)) && EMAIL_DOMAIN.test(text.slice(at + 1));
}

/** `serializers.EmailField()`: a non-blank CharField with Django's EmailValidator. */
export function emailField(value: unknown): FieldResult<string> {
  const text = charField(value, { allowBlank: false });
  if (!text.ok) return bad(text.error);
  return isValidEmail(text.value as string) ? ok(text.value as string) : bad('Enter a valid email address.');
}

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false]);

export function booleanField(value: unknown): FieldResult<boolean> {
  if (value === null) return bad(NULL);
  if (TRUE_VALUES.has(value)) return ok(true);
  if (FALSE_VALUES.has(value)) return ok(false);
  return bad('Must be a valid boolean.');
}

/** `serializers.IntegerField`: `int(str(value))` after dropping a `.000` tail. */
export function integerField(value: unknown, opts: { min?: number; max?: number; allowNull?: boolean }): FieldResult<number | null> {
  if (value === null) return opts.allowNull ? ok(null) : bad(NULL);
  const text =
    typeof value === 'number' || typeof value === 'string'
      ? String(value)
          .replace(/\.0*\s*$/, '')
          .trim()
      : '';
  if (!/^[+-]?\d+$/.test(text)) return bad('A valid integer is required.');
  const n = Number(text);
  if (opts.min !== undefined && n < opts.min) return bad(`Ensure this value is greater than or equal to ${opts.min}.`);
  if (opts.max !== undefined && n > opts.max) return bad(`Ensure this value is less than or equal to ${opts.max}.`);
  return ok(n);
}

/** `serializers.DateField` with ISO input. */
export function dateField(value: unknown, allowNull: boolean): FieldResult<string | null> {
  if (value === null) return allowNull ? ok(null) : bad(NULL);
  const date = parseDrfDate(value);
  return date === undefined ? bad('Date has wrong format. Use one of these formats instead: YYYY-MM-DD.') : ok(date);
}

/** `serializers.UUIDField`: returns the 32-digit hex form. */
export function uuidField(value: unknown): FieldResult<string> {
  if (value === null) return bad(NULL);
  const uuid = typeof value === 'string' ? normalizeUuid(value) : undefined;
  return uuid === undefined ? bad('Must be a valid UUID.') : ok(uuid);
}

/** DRF's root check: a serializer needs a JSON object. */
export function expectObject(data: unknown): FieldResult<Record<string, unknown>> {
  if (data === null) return bad(NULL);
  if (typeof data === 'object' && !Array.isArray(data)) return ok(data as Record<string, unknown>);
  return bad(`Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`);
}

function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}
