import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountRoleOf, checkChanges, checkNewUser, checkRoleGrant, toDomainMap } from '../../../../src/sources/dqops/input-rules.js';
import type { NewUser, RoleGrant } from '../../../../src/sources/model.js';

const pairs = (errors: { field: string[] | null; code: string }[]) => errors.map((e) => [e.field, e.code]);

describe('dqops write rules: new users and changes', () => {
  it('accepts an email alone, one role of the enum, and valid domain roles', () => {
    assert.deepEqual(checkNewUser({ email: 'a@example.com' }), []);
    for (const role of ['admin', 'editor', 'operator', 'viewer', 'none']) assert.deepEqual(checkNewUser({ email: 'a@example.com', roles: [role] }), [], role);
    assert.deepEqual(
      checkNewUser({
        email: 'a@example.com',
        roles: [],
        dataDomainRoles: [
          { domain: '(default)', role: 'none' },
          { domain: 'datalake', role: 'admin' },
        ],
      }),
      [],
    );
  });

  it('treats a null name as no name, and refuses a given one as NOT_ALLOWED', () => {
    const withNulls = { email: 'a@example.com', username: null, firstName: null, waldur: null } as unknown as NewUser;
    assert.deepEqual(checkNewUser(withNulls), []);
    assert.deepEqual(checkNewUser({ email: 'a@example.com', waldur: {} }), []);
    assert.deepEqual(pairs(checkNewUser({ email: 'a@example.com', username: '', firstName: 'A', lastName: 'B', waldur: { isStaff: false } })), [
      [['username'], 'NOT_ALLOWED'],
      [['firstName'], 'NOT_ALLOWED'],
      [['lastName'], 'NOT_ALLOWED'],
      [['waldur'], 'NOT_ALLOWED'],
    ]);
    assert.deepEqual(pairs(checkChanges({ lastName: 'B' })), [[['lastName'], 'NOT_ALLOWED']]);
  });

  it('names what arrived for a bad role, cut short, and counts extra roles', () => {
    const [tooMany] = checkNewUser({ email: 'a@example.com', roles: ['viewer', 'editor'] });
    assert.equal(tooMany?.message, 'a DQOps user has exactly one account role, but got 2: "viewer", "editor"');
    const [unknown] = checkChanges({ roles: ['x'.repeat(200)] });
    assert.match(unknown?.message ?? '', /^the account role must be one of admin, editor, operator, viewer, none, but got: "x{80}…"$/);
  });

  it('refuses an empty, repeated or badly roled data domain, one error each', () => {
    const errors = checkChanges({
      dataDomainRoles: [
        { domain: '', role: 'viewer' },
        { domain: 'd', role: 'viewer' },
        { domain: 'd', role: 'root' },
      ],
    });
    assert.deepEqual(pairs(errors), [
      [['dataDomainRoles'], 'INVALID'],
      [['dataDomainRoles'], 'INVALID'],
      [['dataDomainRoles'], 'INVALID'],
    ]);
  });

  it('maps roles to the account role: absent changes nothing, empty is none', () => {
    assert.equal(accountRoleOf(undefined), undefined);
    assert.equal(accountRoleOf([]), 'none');
    assert.equal(accountRoleOf(['operator']), 'operator');
    assert.deepEqual(toDomainMap([{ domain: '(default)', role: 'viewer' }]), { '(default)': 'viewer' });
  });
});

describe('dqops write rules: grants', () => {
  const grant = (over: Partial<RoleGrant>): RoleGrant => ({ role: 'viewer', scope: { kind: 'ACCOUNT', id: null }, ...over });

  it('accepts the ACCOUNT scope without an id and a DATA_DOMAIN with one, with no expiry or a null one', () => {
    assert.deepEqual(checkRoleGrant(grant({}), 'grant'), []);
    assert.deepEqual(checkRoleGrant(grant({ scope: { kind: 'DATA_DOMAIN', id: '(default)' }, expiresAt: null }), 'revoke'), []);
  });

  it('says why none is refused, differently for grant and revoke', () => {
    assert.match(checkRoleGrant(grant({ role: 'none' }), 'grant')[0]?.message ?? '', /use revokeRole/);
    assert.match(checkRoleGrant(grant({ role: 'none' }), 'revoke')[0]?.message ?? '', /cannot be revoked/);
  });

  it('refuses other scope kinds, ids and expiries on the right fields', () => {
    for (const kind of ['ORGANIZATION', 'CUSTOMER', 'PROJECT', 'SYSTEM'] as const) {
      assert.deepEqual(pairs(checkRoleGrant(grant({ scope: { kind, id: 'x' } }), 'grant')), [[['scope', 'kind'], 'INVALID']], kind);
    }
    assert.deepEqual(pairs(checkRoleGrant(grant({ scope: { kind: 'ACCOUNT', id: '' } }), 'grant')), [[['scope', 'id'], 'INVALID']]);
    assert.deepEqual(pairs(checkRoleGrant(grant({ scope: { kind: 'DATA_DOMAIN', id: null } }), 'grant')), [[['scope', 'id'], 'REQUIRED']]);
    assert.deepEqual(pairs(checkRoleGrant(grant({ expiresAt: new Date(0) }), 'revoke')), [[['expiresAt'], 'NOT_ALLOWED']]);
  });
});
