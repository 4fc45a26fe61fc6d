import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayError, UpstreamError } from '../../../../src/errors.js';
import type { Permission } from '../../../../src/sources/model.js';
import {
  toCreatedAt,
  toDisplayName,
  toNotificationPreferences,
  toPermissionLevel,
  toPermissions,
  toUser,
  toUserStatus,
} from '../../../../src/sources/rockset/mapping.js';
import type { RocksetUser } from '../../../../src/sources/rockset/wire.js';

const SOURCE = 'rockset-prod';

const org = (role: string, level: Permission['level']): Permission => ({
  role,
  level,
  scope: { kind: 'ORGANIZATION', id: null, name: null },
  expiresAt: null,
  grantedAt: null,
  grantedBy: null,
  source: SOURCE,
});

describe('Rockset mapping: toUser', () => {
  it('maps every documented field of an ACTIVE user (Ada, admin)', () => {
    const wire: RocksetUser = {
      email: 'ada@example.com',
      created_at: '2023-02-01T09:00:00Z',
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['admin'],
      state: 'ACTIVE',
    };
    assert.deepEqual(toUser(wire, SOURCE), {
      source: SOURCE,
      nativeId: 'ada@example.com',
      email: 'ada@example.com',
      username: null,
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Ada Lovelace',
      status: 'ACTIVE',
      createdAt: new Date('2023-02-01T09:00:00.000Z'),
      permissions: [org('admin', 'ADMIN')],
      details: {
        vendor: 'rockset',
        state: 'ACTIVE',
        roles: ['admin'],
        createdAt: '2023-02-01T09:00:00Z',
        firstName: 'Ada',
        lastName: 'Lovelace',
      },
    });
  });

  it('maps state NEW as INVITED, keeping the raw state (Katherine, read-only, names hidden until she accepts)', () => {
    const user = toUser({ email: 'katherine@example.com', created_at: '2024-06-01T08:00:00Z', roles: ['read-only'], state: 'NEW' }, SOURCE);
    assert.equal(user.status, 'INVITED');
    assert.equal(user.details.vendor === 'rockset' && user.details.state, 'NEW');
    assert.deepEqual(user.permissions, [org('read-only', 'VIEW')]);
    assert.equal(user.firstName, null);
    assert.equal(user.lastName, null);
    assert.equal(user.displayName, 'katherine@example.com');
  });

  it('maps a user with two roles to two organization permissions, in the order sent (Margaret: admin + member)', () => {
    const user = toUser(
      {
        email: 'margaret@example.com',
        first_name: 'Margaret',
        last_name: 'Hamilton',
        roles: ['admin', 'member'],
        state: 'ACTIVE',
        created_at: '2023-01-10T10:00:00Z',
      },
      SOURCE,
    );
    assert.deepEqual(user.permissions, [org('admin', 'ADMIN'), org('member', 'EDIT')]);
    assert.deepEqual(user.details.vendor === 'rockset' && user.details.roles, ['admin', 'member']);
  });

  it('keeps a mixed-case email exactly as sent, as native id and email (Grace@Example.com)', () => {
    const user = toUser({ email: 'Grace@Example.com', first_name: 'Grace', last_name: 'Hopper', roles: ['member'], state: 'ACTIVE' }, SOURCE);
    assert.equal(user.nativeId, 'Grace@Example.com');
    assert.equal(user.email, 'Grace@Example.com');
    assert.equal(user.displayName, 'Grace Hopper');
  });

  it('keeps a custom role as a permission at level NONE', () => {
    const user = toUser({ email: 'hedy@example.com', roles: ['collection-auditor', 'member'], state: 'ACTIVE' }, SOURCE);
    assert.deepEqual(user.permissions, [org('collection-auditor', 'NONE'), org('member', 'EDIT')]);
  });

  it('maps a user with only an email (every optional field missing)', () => {
    assert.deepEqual(toUser({ email: 'bare@example.com' }, SOURCE), {
      source: SOURCE,
      nativeId: 'bare@example.com',
      email: 'bare@example.com',
      username: null,
      firstName: null,
      lastName: null,
      displayName: 'bare@example.com',
      status: 'ACTIVE',
      createdAt: null,
      permissions: [],
      details: { vendor: 'rockset', state: null, roles: [], createdAt: null, firstName: null, lastName: null },
    });
  });

  it('reads null optional fields as missing', () => {
    const user = toUser({ email: 'nulls@example.com', created_at: null, first_name: null, last_name: null, roles: null, state: null }, SOURCE);
    assert.deepEqual([user.firstName, user.lastName, user.createdAt, user.permissions, user.status], [null, null, null, [], 'ACTIVE']);
    assert.deepEqual(user.details, { vendor: 'rockset', state: null, roles: [], createdAt: null, firstName: null, lastName: null });
  });

  it('ignores fields Rockset may add later', () => {
    const wire = { email: 'x@example.com', org: 'acme', roles: ['member'] } as RocksetUser;
    assert.deepEqual(Object.keys(toUser(wire, SOURCE).details).sort(), ['createdAt', 'firstName', 'lastName', 'roles', 'state', 'vendor']);
  });

  it('does not share the roles array between the wire and the details', () => {
    const roles = ['member'];
    const user = toUser({ email: 'x@example.com', roles }, SOURCE);
    roles.push('admin');
    assert.deepEqual(user.details.vendor === 'rockset' && user.details.roles, ['member']);
  });

  it('fails a user whose created_at is not ISO-8601 with UPSTREAM_BAD_RESPONSE, naming the field but not the value', () => {
    assert.throws(
      () => toUser({ email: 'x@example.com', created_at: 'last Tuesday' }, SOURCE),
      (err: unknown) => {
        const e = err as UpstreamError;
        assert.deepEqual([e.code, e.source, e.retryable], ['UPSTREAM_BAD_RESPONSE', SOURCE, false]);
        assert.match(e.message, /created_at/);
        assert.doesNotMatch(e.message, /Tuesday/);
        return true;
      },
    );
  });
});

describe('Rockset mapping: the parts', () => {
  it('maps the built-in roles to levels and anything else to NONE, case-sensitively', () => {
    assert.deepEqual(['admin', 'member', 'read-only', 'Admin', 'readonly', 'constructor', ''].map(toPermissionLevel), [
      'ADMIN',
      'EDIT',
      'VIEW',
      'NONE',
      'NONE',
      'NONE',
      'NONE',
    ]);
  });

  it('names the source on every permission', () => {
    assert.ok(toPermissions(['admin', 'x'], 'other').every((p) => p.source === 'other'));
  });

  it('maps NEW to INVITED and ACTIVE, missing and unknown states to ACTIVE', () => {
    assert.deepEqual(['NEW', 'ACTIVE', undefined, null, 'SUSPENDED', 'new'].map(toUserStatus), ['INVITED', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
  });

  it('builds the display name from whichever names are non-blank, else the email', () => {
    assert.equal(toDisplayName('Grace', 'Hopper', 'g@x.io'), 'Grace Hopper');
    assert.equal(toDisplayName('Grace', null, 'g@x.io'), 'Grace');
    assert.equal(toDisplayName(null, 'Hopper', 'g@x.io'), 'Hopper');
    assert.equal(toDisplayName('', '', 'g@x.io'), 'g@x.io');
    assert.equal(toDisplayName('  ', null, 'g@x.io'), 'g@x.io');
    assert.equal(toDisplayName(' Grace ', 'Hopper', 'g@x.io'), 'Grace Hopper');
  });

  it('parses created_at, and gives null when it is absent', () => {
    assert.equal(toCreatedAt('2001-08-28T00:23:41Z', SOURCE)?.toISOString(), '2001-08-28T00:23:41.000Z');
    assert.equal(toCreatedAt(undefined, SOURCE), null);
    assert.equal(toCreatedAt(null, SOURCE), null);
    assert.throws(
      () => toCreatedAt('', SOURCE),
      (err: unknown) => (err as GatewayError).code === 'UPSTREAM_BAD_RESPONSE',
    );
  });

  it('keeps only notificationType of each preference', () => {
    const wire = [{ notificationType: 'create_apikey', extra: 1 }, { notificationType: 'delete_collection' }];
    assert.deepEqual(toNotificationPreferences(wire), [{ notificationType: 'create_apikey' }, { notificationType: 'delete_collection' }]);
    assert.deepEqual(toNotificationPreferences([]), []);
  });
});
