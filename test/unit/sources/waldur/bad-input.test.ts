import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod/v4';
import type { UpstreamError } from '../../../../src/errors.js';
import { parseIsoInstant as parseIsoDateTime } from '../../../../src/sources/kit/iso-instant.js';
import { parseWire as parseWireAt } from '../../../../src/sources/kit/wire.js';
import { toDate } from '../../../../src/sources/waldur/datetime.js';
import { toUser } from '../../../../src/sources/waldur/mapping.js';
import { waldurUserAuthTokenSchema, waldurUserListSchema, waldurUserSchema } from '../../../../src/sources/waldur/wire.js';
import { ada, UUIDS, wireUser } from './waldur-wire-fixtures.js';

const SECRET = 'waldur-token-secret-value';

// The kit's reader as the Waldur client calls it: the operation is Waldur's operationId.
const parseWire = <T>(schema: z.ZodType<T>, value: unknown, source: string, operation: string): T => parseWireAt(schema, value, { source, operation });

function badResponse(fn: () => unknown): UpstreamError {
  try {
    fn();
  } catch (err) {
    const e = err as UpstreamError;
    assert.equal(e.code, 'UPSTREAM_BAD_RESPONSE');
    assert.equal(e.source, 'w');
    return e;
  }
  assert.fail('expected UPSTREAM_BAD_RESPONSE');
}

describe('waldur wire: bad shapes', () => {
  it('names the key path and the operation, never the value', () => {
    const e = badResponse(() => parseWire(waldurUserSchema, { ...ada(), token: { key: SECRET }, email: 42 }, 'w', 'users_me_retrieve'));
    assert.match(e.message, /users_me_retrieve/);
    assert.match(e.message, /token: expected string, got object/);
    assert.match(e.message, /email: expected string, got number/);
    assert.equal(e.message.includes(SECRET), false);
    assert.equal(e.message.includes('42'), false);
  });

  it('reports the array index of a bad list item, and a body that is not an array', () => {
    assert.match(
      badResponse(() => parseWire(waldurUserListSchema, [ada(), { username: 'x' }], 'w', 'users_list')).message,
      /\[1\]\.uuid: required string is missing/,
    );
    assert.match(badResponse(() => parseWire(waldurUserListSchema, { results: [] }, 'w', 'users_list')).message, /\(body\): expected array, got object/);
  });

  it('refuses a token body without its token, without quoting the rest', () => {
    const e = badResponse(() =>
      parseWire(
        waldurUserAuthTokenSchema,
        { created: SECRET, user_first_name: '', user_last_name: '', user_username: 'g', user_is_active: true, user_token_lifetime: null },
        'w',
        'users_token_retrieve',
      ),
    );
    assert.match(e.message, /token: required string is missing/);
    assert.equal(e.message.includes(SECRET), false);
  });

  it('caps the list of issues at three', () => {
    const e = badResponse(() => parseWire(waldurUserSchema, { uuid: 1, username: 2, email: 3, slug: 4, url: 5 }, 'w', 'users_retrieve'));
    assert.match(e.message, /\(and 2 more\)$/);
  });

  it('lets unknown fields pass (Waldur 8 adds fourteen)', () => {
    const parsed = parseWire(waldurUserSchema, { ...ada(), gender: 'x', nationality: 'GB' }, 'w', 'users_retrieve');
    assert.equal((parsed as Record<string, unknown>)['nationality'], 'GB');
  });
});

describe('waldur dates: bad values', () => {
  it('turns an unparseable date into UPSTREAM_BAD_RESPONSE naming the field, not the value', () => {
    const e = badResponse(() => toUser(wireUser({ uuid: UUIDS.grace, username: 'grace', date_joined: 'yesterday-ish' }), 'w'));
    assert.match(e.message, /date_joined/);
    assert.equal(e.message.includes('yesterday'), false);
    assert.match(
      badResponse(() =>
        toUser(
          wireUser({
            uuid: UUIDS.grace,
            username: 'grace',
            permissions: [{ user_uuid: UUIDS.grace, role_name: 'PROJECT.ADMIN', expiration_time: '2027-13-01' }],
          }),
          'w',
        ),
      ).message,
      /permissions\[0\]\.expiration_time/,
    );
  });

  it('refuses impossible calendar values that Date.parse would roll over', () => {
    for (const text of ['2023-02-30T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01T10:60:00Z', '2023-1-01T00:00:00Z', '', '2023-01-01']) {
      assert.equal(parseIsoDateTime(text), undefined, text);
    }
    assert.equal(toDate(null, 'x', 'w'), null);
    assert.equal(toDate(undefined, 'x', 'w'), null);
    assert.equal(parseIsoDateTime('2024-02-29T23:59:59.999999-01:30'), Date.parse('2024-03-01T01:29:59.999Z'));
    assert.equal(parseIsoDateTime('2023-01-01T00:00:00'), Date.parse('2023-01-01T00:00:00Z'));
  });
});
