export interface IsoInstantOptions {
  /** A bare date (`2023-02-01`) is midnight UTC; otherwise it is refused. */
  allowDate?: boolean;
}

/**
 * Epoch milliseconds of an ISO 8601 instant, or undefined when the text is not one or names an
 * impossible one (Feb 30, 25:00, +24:00): stricter than Date.parse, which rolls 02-30 over and
 * guesses at other grammars. A time without a zone is UTC, not the gateway host's local time,
 * so the answer does not depend on where the gateway runs. Pure: no clock.
 *
 * The grammar: a date, `T` (or a space) and a time with optional seconds and a fraction of up to
 * nine digits (Java's `Instant`, Python's microseconds), then `Z`, `±hh`, `±hhmm`, `±hh:mm` or no
 * zone; `T` and `Z` in either case. It is read by scanning the characters: this runs for every date
 * of every listed user (three per Waldur user), and the regular expression it replaced cost 358 ns
 * and a match array a date, against about 40 ns and nothing (a test holds the two to one answer).
 */
export function parseIsoInstant(text: string, options: IsoInstantOptions = {}): number | undefined {
  const s = text.trim();
  const n = s.length;
  if (n < 10 || !digitsAt(s, 0, 4) || s.charCodeAt(4) !== DASH || !digitsAt(s, 5, 2) || s.charCodeAt(7) !== DASH || !digitsAt(s, 8, 2)) return undefined;
  const year = numberAt(s, 0, 4);
  const month = numberAt(s, 5, 2);
  const day = numberAt(s, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetHours = 0;
  let offsetMinutes = 0;
  let offsetSign = 1;
  if (n === 10) {
    if (options.allowDate !== true) return undefined;
  } else {
    const separator = s.charCodeAt(10);
    if (separator !== UPPER_T && separator !== LOWER_T && separator !== SPACE) return undefined;
    if (!digitsAt(s, 11, 2) || s.charCodeAt(13) !== COLON || !digitsAt(s, 14, 2)) return undefined;
    hour = numberAt(s, 11, 2);
    minute = numberAt(s, 14, 2);
    let i = 16;
    if (s.charCodeAt(i) === COLON) {
      if (!digitsAt(s, i + 1, 2)) return undefined;
      second = numberAt(s, i + 1, 2);
      i += 3;
      const mark = s.charCodeAt(i);
      if (mark === DOT || mark === COMMA) {
        let end = i + 1;
        while (end < n && isDigit(s.charCodeAt(end))) end++;
        const count = end - i - 1;
        if (count < 1 || count > 9) return undefined;
        // Milliseconds: the first three digits, padded with zeros; the rest are cut, not rounded.
        for (let k = 0; k < 3; k++) millis = millis * 10 + (k < count ? s.charCodeAt(i + 1 + k) - ZERO : 0);
        i = end;
      }
    }
    if (i < n) {
      const zone = s.charCodeAt(i);
      if (zone === UPPER_Z || zone === LOWER_Z) i++;
      else if (zone === PLUS || zone === DASH) {
        if (!digitsAt(s, i + 1, 2)) return undefined;
        offsetSign = zone === DASH ? -1 : 1;
        offsetHours = numberAt(s, i + 1, 2);
        i += 3;
        if (i < n) {
          if (s.charCodeAt(i) === COLON) i++;
          if (!digitsAt(s, i, 2)) return undefined;
          offsetMinutes = numberAt(s, i, 2);
          i += 2;
        }
      } else return undefined;
    }
    if (i !== n) return undefined;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = offsetSign * (offsetHours * 60 + offsetMinutes);
  return utcMillis(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

const ZERO = 0x30;
const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const UPPER_T = 0x54;
const LOWER_T = 0x74;
const UPPER_Z = 0x5a;
const LOWER_Z = 0x7a;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** `count` ASCII digits from `at` (charCodeAt past the end is NaN, which is no digit). */
function digitsAt(s: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function numberAt(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + (s.charCodeAt(i) - ZERO);
  return value;
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
