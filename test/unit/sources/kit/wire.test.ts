import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod/v4';
import type { UpstreamError } from '../../../../src/errors.js';
import { formatKeyPath } from '../../../../src/key-path.js';
import { parseWireBody } from '../../../../src/sources/kit/wire.js';
import { rocksetListUnsubscribePreferencesResponseSchema, rocksetListUsersResponseSchema, rocksetUserSchema } from '../../../../src/sources/rockset/wire.js';

const SOURCE = 'rockset-prod';
// The kit's reader, called the way the Rockset client calls it: the operation names the shape.
const parseWire = <T>(source: string, shape: string, schema: z.ZodType<T>, res: { status: number; body: Buffer }): T =>
  parseWireBody(schema, res.body, { source, operation: shape, httpStatus: res.status });
const answer = (body: unknown) => ({ status: 200, headers: {}, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });

/** Asserts UPSTREAM_BAD_RESPONSE whose message matches `says` and never contains `secret`. */
function badResponse(says: RegExp, secret = 'sk-SECRET') {
  return (err: unknown) => {
    const e = err as UpstreamError;
    assert.deepEqual([e.code, e.source, e.httpStatus, e.retryable], ['UPSTREAM_BAD_RESPONSE', SOURCE, 200, false]);
    assert.match(e.message, says);
    assert.ok(!e.message.includes(secret), e.message);
    return true;
  };
}

describe('wire parsing (the vendor kit), on Rockset shapes', () => {
  it('accepts the documented shapes and lets unknown fields through', () => {
    const list = parseWire(
      SOURCE,
      'ListUsersResponse',
      rocksetListUsersResponseSchema,
      answer({ data: [{ email: 'a@b.c', roles: ['admin'], org: 'x' }], next: null }),
    );
    assert.deepEqual(list.data, [{ email: 'a@b.c', roles: ['admin'], org: 'x' }]);
    const prefs = parseWire(
      SOURCE,
      'ListUnsubscribePreferencesResponse',
      rocksetListUnsubscribePreferencesResponseSchema,
      answer({ data: [{ notificationType: 'create_apikey' }] }),
    );
    assert.deepEqual(prefs.data, [{ notificationType: 'create_apikey' }]);
  });

  it('accepts a list without data, since the spec makes it optional', () => {
    assert.equal(parseWire(SOURCE, 'ListUsersResponse', rocksetListUsersResponseSchema, answer({})).data, undefined);
  });

  it('names the key path of a wrong type, and not the value', () => {
    const body = { data: [{ email: 'a@b.c' }, { email: 'b@b.c', first_name: 42, roles: ['sk-SECRET', 7] }] };
    assert.throws(
      () => parseWire(SOURCE, 'ListUsersResponse', rocksetListUsersResponseSchema, answer(body)),
      badResponse(/ListUsersResponse: data\[1\]\.first_name: expected string, got number; data\[1\]\.roles\[1\]: expected string, got number$/),
    );
  });

  it('names a missing required field', () => {
    assert.throws(
      () => parseWire(SOURCE, 'User', rocksetUserSchema, answer({ first_name: 'sk-SECRET' })),
      badResponse(/User.*email: required string is missing/),
    );
    assert.throws(() => parseWire(SOURCE, 'User', rocksetUserSchema, answer({ email: '' })), badResponse(/email: expected a non-empty string/));
    const prefs = answer({ data: [{ type: 'sk-SECRET' }] });
    assert.throws(
      () => parseWire(SOURCE, 'prefs', rocksetListUnsubscribePreferencesResponseSchema, prefs),
      badResponse(/data\[0\]\.notificationType: required string is missing/),
    );
  });

  it('refuses a body of the wrong kind: a bare array for a wrapped list, a wrapped user for a bare one', () => {
    assert.throws(
      () => parseWire(SOURCE, 'ListUsersResponse', rocksetListUsersResponseSchema, answer([{ email: 'a@b.c' }])),
      badResponse(/\(body\): expected object, got array/),
    );
    assert.throws(() => parseWire(SOURCE, 'User', rocksetUserSchema, answer({ data: { email: 'a@b.c' } })), badResponse(/email: required string is missing/));
  });

  it('refuses a body that is not JSON without quoting it', () => {
    assert.throws(() => parseWire(SOURCE, 'User', rocksetUserSchema, answer('{"email": "sk-SECRET')), badResponse(/not valid JSON in answer to User$/));
    assert.throws(() => parseWire(SOURCE, 'User', rocksetUserSchema, answer('')), badResponse(/not valid JSON/));
    assert.throws(() => parseWire(SOURCE, 'User', rocksetUserSchema, answer('null')), badResponse(/\(body\): expected object, got null/));
  });

  it('writes key paths the way a reader would', () => {
    assert.equal(formatKeyPath([], '(body)'), '(body)');
    assert.equal(formatKeyPath(['data', 3, 'roles', 0], '(body)'), 'data[3].roles[0]');
    assert.equal(formatKeyPath(['email'], '(body)'), 'email');
    assert.equal(formatKeyPath([2, 'dataDomainRoles', '(default)'], '(body)'), '[2].dataDomainRoles["(default)"]');
    assert.equal(formatKeyPath(['sources', 1, 'a.b'], '(top level)'), 'sources[1]["a.b"]');
  });
});
