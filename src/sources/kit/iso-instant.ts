/**
 * Strict ISO 8601: a date, `T` (or a space) and a time with optional seconds and a fraction of
 * up to nine digits (Java's `Instant`, Python's microseconds), then `Z`, `±hh`, `±hhmm`,
 * `±hh:mm` or no zone. Case-insensitive `T` and `Z`.
 */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;

export interface IsoInstantOptions {
  /** A bare date (`2023-02-01`) is midnight UTC; otherwise it is refused. */
  allowDate?: boolean;
}

/**
 * Epoch milliseconds of an ISO 8601 instant, or undefined when the text is not one or names an
 * impossible one (Feb 30, 25:00, +24:00): stricter than Date.parse, which rolls 02-30 over and
 * guesses at other grammars. A time without a zone is UTC, not the gateway host's local time,
 * so the answer does not depend on where the gateway runs. Pure: no clock.
 */
export function parseIsoInstant(text: string, options: IsoInstantOptions = {}): number | undefined {
  // Plain field reads, no array of parts and no Date but the answer: this runs for every date of
  // every listed user (four per Waldur user).
  const m = ISO_8601.exec(text.trim());
  if (!m || (m[4] === undefined && options.allowDate !== true)) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return utcMillis(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Date.UTC, but without its quirk of reading years 0-99 as 1900-1999. */
function utcMillis(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day, hour, minute, second, millis);
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}
