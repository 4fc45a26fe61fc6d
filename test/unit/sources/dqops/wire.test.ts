import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../../../../src/errors.js';
import { dqopsUserListSchema, dqopsUserRolesModelSchema } from '../../../../src/sources/dqops/wire.js';
import { decodeJson, parseWire } from '../../../../src/sources/kit/wire.js';

const ORIGIN = { source: 'dqops-test', operation: 'GET /api/users', httpStatus: 200 };

function badResponse(pattern: RegExp, secret?: string) {
  return (err: unknown): boolean => {
    const e = err as UpstreamError;
    assert.equal(e.code, 'UPSTREAM_BAD_RESPONSE');
    assert.equal(e.source, 'dqops-test');
    assert.equal(e.httpStatus, 200);
    assert.equal(e.retryable, false);
    assert.match(e.message, pattern);
    if (secret !== undefined) assert.ok(!e.message.includes(secret), `the message quotes a value: ${e.message}`);
    return true;
  };
}

describe('dqops wire: what the schemas accept', () => {
  it('accepts every field absent, as the swagger allows', () => {
    assert.deepEqual(parseWire(dqopsUserRolesModelSchema, {}, ORIGIN), {});
  });

  it('accepts null fields, as Jackson writes unset Java fields', () => {
    const parsed = parseWire(dqopsUserRolesModelSchema, { email: null, accountRole: null, dataDomainRoles: null }, ORIGIN);
    assert.deepEqual(parsed, { email: null, accountRole: null, dataDomainRoles: null });
  });

  it('accepts a role outside the DqoUserRole enum (mapping makes it NONE)', () => {
    const parsed = parseWire(dqopsUserRolesModelSchema, { email: 'a@example.com', accountRole: 'auditor', dataDomainRoles: { x: 'owner' } }, ORIGIN);
    assert.equal(parsed.accountRole, 'auditor');
    assert.deepEqual(parsed.dataDomainRoles, { x: 'owner' });
  });

  it('lets unknown fields pass through', () => {
    const parsed = parseWire(dqopsUserRolesModelSchema, { email: 'a@example.com', tenantId: 7 }, ORIGIN);
    assert.equal(parsed['tenantId'], 7);
  });

  it('accepts an empty list', () => {
    assert.deepEqual(parseWire(dqopsUserListSchema, [], ORIGIN), []);
  });
});

describe('dqops wire: what the schemas refuse', () => {
  it('refuses an object where the list should be, naming the body', () => {
    assert.throws(
      () => parseWire(dqopsUserListSchema, { data: [] }, ORIGIN),
      badResponse(/^source "dqops-test" sent an unexpected answer to GET \/api\/users: \(body\): expected array, got object$/),
    );
  });

  it('names the key path of a wrong type but never the value', () => {
    const secret = 'hunter2-secret-value';
    assert.throws(
      () =>
        parseWire(
          dqopsUserListSchema,
          [{ email: 'a@example.com' }, { email: 'b@example.com', accountRole: 3, dataDomainRoles: { '(default)': { key: secret } } }],
          ORIGIN,
        ),
      badResponse(/\[1\]\.accountRole: expected string, got number; \[1\]\.dataDomainRoles\["\(default\)"\]: expected string, got object$/, secret),
    );
  });

  it('says how many more problems there were past the first three', () => {
    const list = [1, 2, 3, 4, 5];
    assert.throws(() => parseWire(dqopsUserListSchema, list, ORIGIN), badResponse(/\[0\]: expected object, got number; .*\(and 2 more\)$/));
  });

  it('refuses a body that is not JSON without quoting it', () => {
    const secret = 'Bearer dqops-key-leaked';
    assert.throws(
      () => decodeJson(Buffer.from(`{"email": "${secret}`), ORIGIN),
      badResponse(/sent a body that is not valid JSON in answer to GET \/api\/users$/, secret),
    );
  });

  it('refuses an empty body', () => {
    assert.throws(() => decodeJson(Buffer.alloc(0), ORIGIN), badResponse(/not valid JSON/));
  });
});
