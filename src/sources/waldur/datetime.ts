import { UpstreamError } from '../../errors.js';

// DRF writes aware datetimes as ISO 8601: `2023-01-01T00:00:00Z`, `…00.123456Z`, or with an
// offset when TIME_ZONE is not UTC. A missing offset is read as UTC (Waldur runs with USE_TZ in UTC).
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads a Waldur datetime; null and absent stay null. Anything else that is not a real instant
 * (wrong grammar, 2023-02-30, 25:00) is UPSTREAM_BAD_RESPONSE naming the field, not the value.
 * Pure: no clock.
 */
export function toDate(value: string | null | undefined, field: string, source: string): Date | null {
  if (value === null || value === undefined) return null;
  const ms = parseIsoDateTime(value);
  if (ms === undefined) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" sent ${field} that is not an ISO 8601 datetime`, { source, retryable: false });
  }
  return new Date(ms);
}

/** Epoch milliseconds of an ISO 8601 datetime, or undefined; stricter than Date.parse, which rolls 02-30 over. */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATETIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(t).getUTCDate() !== day) return undefined;
  return t - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(tz: string | undefined): number {
  if (tz === undefined || tz.toUpperCase() === 'Z') return 0;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}
