import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayError } from '../../../../src/errors.js';
import type { UserErrorInfo } from '../../../../src/sources/model.js';
import {
  assertUserKey,
  checkNewUser,
  checkNotificationTypes,
  checkRoleGrant,
  checkUserChanges,
  isUserKey,
  uniqueInOrder,
} from '../../../../src/sources/rockset/input-rules.js';

const pairs = (errors: UserErrorInfo[]) => errors.map((e) => [e.field?.join('.') ?? null, e.code]);

describe('Rockset input rules', () => {
  it('takes any email-like key as a user key, but not self or dot segments in any case', () => {
    assert.deepEqual(['a@example.com', 'self@example.com', 'selfie', '...'].map(isUserKey), [true, true, true, true]);
    assert.deepEqual(['self', 'Self', '', '.', '..'].map(isUserKey), [false, false, false, false, false]);
    assert.throws(
      () => assertUserKey('rs', 'SELF'),
      (err: unknown) => (err as GatewayError).code === 'NOT_FOUND' && /source "rs" has no user with native id "SELF"/.test((err as Error).message),
    );
  });

  it('needs roles on a new user and refuses username, data-domain roles and waldur fields', () => {
    assert.deepEqual(checkNewUser({ email: 'a@example.com', roles: ['member'] }), []);
    assert.deepEqual(pairs(checkNewUser({ email: 'a@example.com' })), [['roles', 'REQUIRED']]);
    assert.deepEqual(pairs(checkNewUser({ email: 'a@example.com', roles: [] })), [['roles', 'REQUIRED']]);
    assert.deepEqual(pairs(checkNewUser({ email: 'a@example.com', roles: ['admin', ' '] })), [['roles', 'INVALID']]);
    assert.deepEqual(pairs(checkNewUser({ email: 'a@example.com', username: '', dataDomainRoles: [], waldur: {}, roles: ['x'] })), [
      ['username', 'NOT_ALLOWED'],
      ['dataDomainRoles', 'NOT_ALLOWED'],
      ['waldur', 'NOT_ALLOWED'],
    ]);
  });

  it('lets an update leave roles out but not empty them', () => {
    assert.deepEqual(checkUserChanges({}), []);
    assert.deepEqual(checkUserChanges({ firstName: '', lastName: 'L' }), []);
    assert.deepEqual(pairs(checkUserChanges({ roles: [] })), [['roles', 'INVALID']]);
    assert.deepEqual(pairs(checkUserChanges({ roles: [''] })), [['roles', 'INVALID']]);
    assert.deepEqual(pairs(checkUserChanges({ waldur: { isActive: false } })), [['waldur', 'NOT_ALLOWED']]);
  });

  it('takes only organization-wide grants with no id and no expiry date', () => {
    const org = { kind: 'ORGANIZATION', id: null } as const;
    assert.deepEqual(checkRoleGrant({ role: 'member', scope: org }), []);
    assert.deepEqual(checkRoleGrant({ role: 'member', scope: org, expiresAt: null }), []);
    assert.deepEqual(pairs(checkRoleGrant({ role: 'member', scope: { kind: 'SYSTEM', id: null } })), [['scope.kind', 'INVALID']]);
    assert.deepEqual(pairs(checkRoleGrant({ role: 'member', scope: { kind: 'ORGANIZATION', id: '' } })), [['scope.id', 'INVALID']]);
    assert.deepEqual(pairs(checkRoleGrant({ role: '\t', scope: org, expiresAt: new Date(0) })), [
      ['role', 'INVALID'],
      ['expiresAt', 'NOT_ALLOWED'],
    ]);
    const [kind] = checkRoleGrant({ role: 'member', scope: { kind: 'PROJECT', id: null } });
    assert.match(kind!.message, /scope.kind must be ORGANIZATION, but got: PROJECT/);
  });

  it('refuses a blank notification type, naming its position', () => {
    assert.deepEqual(checkNotificationTypes([]), []);
    assert.deepEqual(checkNotificationTypes(['a', 'a']), []);
    const [blank] = checkNotificationTypes(['a', '', 'b']);
    assert.deepEqual([blank?.field, blank?.code], [['notificationTypes'], 'INVALID']);
    assert.match(blank!.message, /entry 1 is empty/);
  });

  it('drops repeats keeping the first', () => {
    assert.deepEqual(uniqueInOrder(['b', 'a', 'b', 'c', 'a']), ['b', 'a', 'c']);
  });
});
