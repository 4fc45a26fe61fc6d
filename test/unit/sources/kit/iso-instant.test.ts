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
});
