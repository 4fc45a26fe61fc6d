/**
 * Date and time the way Django REST framework writes and reads them (Waldur runs in UTC).
 */

/**
 * DRF's encoding of an aware datetime: Python `isoformat()` with `+00:00` written as `Z`,
 * and six fraction digits only when there is a fraction (`2023-01-01T00:00:00Z`).
 */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2023-01-01T00:00:00.000Z
  const millis = ms % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${millis}Z`;
}

/** Parses a seed timestamp (already validated as ISO 8601 with offset). */
export function parseSeedDateTime(text: string): number {
  return Date.parse(text);
}

// Django's `parse_datetime` grammar (with `datetime.fromisoformat` accepting the same in practice).
const ISO_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const PLAIN_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** `serializers.DateTimeField(input_formats=["%Y-%m-%d", "iso-8601"])` as in `UserRoleMutateSerializer`. */
export const EXPIRATION_TIME_FORMATS_MESSAGE =
  'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';

/**
 * Reads `YYYY-MM-DD` (midnight UTC) or an ISO 8601 datetime; a naive time is UTC, an offset
 * is honoured. Returns epoch milliseconds, or undefined where DRF answers "wrong format".
 */
export function parseDrfDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const date = PLAIN_DATE.exec(value);
  if (date) return utc(...numbers(date, 3), 0, 0, 0, 0);
  const m = ISO_DATETIME.exec(value);
  if (!m) return undefined;
  const micros = (m[7] ?? '').padEnd(6, '0');
  const [year, month, day, hour, minute] = numbers(m, 5);
  const base = utc(year, month, day, hour, minute, +(m[6] ?? 0), Math.floor(+micros / 1000));
  if (base === undefined) return undefined;
  return base - offsetMinutes(m[8]) * 60_000;
}

/** DRF `DateField` (ISO 8601): `YYYY-MM-DD` only; returns the same text or undefined. */
export function parseDrfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = PLAIN_DATE.exec(value);
  if (!m || utc(...numbers(m, 3), 0, 0, 0, 0) === undefined) return undefined;
  const [, year = '', month = '', day = ''] = m;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The first `n` groups of a match as numbers (groups the pattern requires, so never absent). */
function numbers<N extends 3 | 5>(m: RegExpExecArray, n: N): N extends 3 ? [number, number, number] : [number, number, number, number, number] {
  return m.slice(1, n + 1).map((g) => Number(g ?? 0)) as N extends 3 ? [number, number, number] : [number, number, number, number, number];
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(t).getUTCDate() === day ? t : undefined; // rejects 2023-02-30
}

function offsetMinutes(tz: string | undefined): number {
  if (tz === undefined || tz === 'Z') return 0;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}
