import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIsoInstant } from '../../../../src/sources/kit/iso-instant.js';

// As Rockset's created_at is read: a bare date allowed.
const parseRocksetTimestamp = (text: string): Date | undefined => {
  const ms = parseIsoInstant(text, { allowDate: true });
  return ms === undefined ? undefined : new Date(ms);
};

const iso = (text: string) => parseRocksetTimestamp(text)?.toISOString();

describe('ISO 8601 instants (the vendor kit), as Rockset created_at is read', () => {
  it('reads the spec example form', () => {
    assert.equal(iso('2001-08-28T00:23:41Z'), '2001-08-28T00:23:41.000Z');
  });

  it('reads fractions up to nanoseconds, truncating to milliseconds', () => {
    assert.equal(iso('2023-02-01T09:00:00.5Z'), '2023-02-01T09:00:00.500Z');
    assert.equal(iso('2023-02-01T09:00:00.123456789Z'), '2023-02-01T09:00:00.123Z');
  });

  it('applies offsets with and without a colon', () => {
    assert.equal(iso('2023-02-01T10:30:00+01:30'), '2023-02-01T09:00:00.000Z');
    assert.equal(iso('2023-02-01T04:00:00-0500'), '2023-02-01T09:00:00.000Z');
  });

  it('reads a date-time without a zone as UTC, not local time', () => {
    assert.equal(iso('2023-02-01T09:00:00'), '2023-02-01T09:00:00.000Z');
    assert.equal(iso('2023-02-01T09:00'), '2023-02-01T09:00:00.000Z');
  });

  it('reads a bare date as midnight UTC', () => {
    assert.equal(iso('2023-02-01'), '2023-02-01T00:00:00.000Z');
  });

  it('keeps years below 100 as written', () => {
    assert.equal(iso('0050-01-01T00:00:00Z'), '0050-01-01T00:00:00.000Z');
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    for (const text of [
      '2023-02-30T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-00-10T00:00:00Z',
      '2023-02-01T24:00:00Z',
      '2023-02-01T09:60:00Z',
      '2023-02-01T09:00:00+24:00',
    ]) {
      assert.equal(parseRocksetTimestamp(text), undefined, text);
    }
    assert.equal(iso('2024-02-29T00:00:00Z'), '2024-02-29T00:00:00.000Z');
    assert.equal(parseRocksetTimestamp('2023-02-29T00:00:00Z'), undefined);
  });

  it('refuses what is not ISO-8601, even where Date.parse would guess', () => {
    for (const text of ['', 'March 7, 2023', '1675242000', '2023/02/01', 'Wed, 01 Feb 2023 09:00:00 GMT', '2023-02-01T09:00:00ZZ']) {
      assert.equal(parseRocksetTimestamp(text), undefined, text);
    }
  });

  it('answers as the regular expression it replaced, on 40,000 near-misses of the grammar', () => {
    const templates = [
      '2023-02-01T09:00:00.123456789Z',
      '2023-02-01 09:00:00,5+01:30',
      '2024-02-29t23:59:59-0500',
      '0050-01-01T00:00z',
      '2023-02-01T09:00+01',
      '2023-02-01',
      ' 2026-12-04T11:35:22.099000Z ',
    ];
    const alphabet = '0123456789-:T tZz+.,x';
    let seed = 42;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let i = 0; i < 40_000; i++) {
      let text = templates[random(templates.length)] as string;
      for (let edits = random(3) + 1; edits > 0; edits--) {
        const at = random(text.length + 1);
        const char = alphabet[random(alphabet.length)] as string;
        const kind = random(3);
        text =
          kind === 0
            ? text.slice(0, at) + text.slice(at + 1)
            : kind === 1
              ? text.slice(0, at) + char + text.slice(at)
              : text.slice(0, at) + char + text.slice(at + 1);
      }
      for (const allowDate of [false, true])
        assert.equal(parseIsoInstant(text, { allowDate }), byRegex(text, allowDate), `${JSON.stringify(text)} allowDate ${allowDate}`);
    }
  });
});

/** The regular expression parseIsoInstant used before it scanned the characters, as the reference. */
function byRegex(text: string, allowDate: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i.exec(text.trim());
  if (!m || (m[4] === undefined && !allowDate)) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 10, 11].map((k) => Number(m[k] ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (month < 1 || month > 12 || day < 1 || day > days) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offset * 60_000;
}
