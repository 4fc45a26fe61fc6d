/**
 * Rockset's `created_at`: "ISO-8601 date." with no declared `format` (contracts/rockset README
 * "Models"); the example is `2001-08-28T00:23:41Z`. This reads the ISO-8601 forms a server is
 * likely to send: a date, or a date-time with optional seconds and fraction (Java's `Instant`
 * sends up to nine digits), and `Z`, `±hh:mm` or `±hhmm`, or no zone at all.
 *
 * A date-time without a zone is read as UTC, not as the gateway host's local time (what
 * `Date.parse` would do), so the answer does not depend on where the gateway runs. Unsure what
 * Rockset meant by one; its example carries `Z`.
 */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/** The instant, or undefined when the text is not such an ISO-8601 date or names an impossible one (Feb 30, 25:00). */
export function parseRocksetTimestamp(text: string): Date | undefined {
  const m = ISO_8601.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) return undefined;
  return new Date(utcMillis(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

function daysIn(year: number, month: number): number {
  return new Date(utcMillis(year, month, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC without its quirk of reading years 0-99 as 1900-1999. */
function utcMillis(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}
