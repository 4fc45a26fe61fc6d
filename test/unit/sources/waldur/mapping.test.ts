import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Permission, WaldurUserDetails } from '../../../../src/sources/model.js';
import { levelOfRole, toUser, WALDUR_ROLE_LEVELS } from '../../../../src/sources/waldur/mapping.js';
import { waldurUserSchema } from '../../../../src/sources/waldur/wire.js';
import { ada, alan, analyst01, barbara, linus, UUIDS, wirePermission, wireUser } from './waldur-wire-fixtures.js';

const SOURCE = 'waldur-test';
const at = (iso: string) => new Date(iso);
const system = (role: string, level: Permission['level']): Permission => ({
  role,
  level,
  scope: { kind: 'SYSTEM', id: null, name: null },
  expiresAt: null,
  grantedAt: null,
  grantedBy: null,
  source: SOURCE,
});

describe('waldur mapping: toUser', () => {
  it('maps a staff user (Ada): every unified field, a SYSTEM owner permission, then her customer role', () => {
    const user = toUser(ada(), SOURCE);
    assert.equal(user.source, SOURCE);
    assert.equal(user.nativeId, UUIDS.ada);
    assert.equal(user.email, 'ada@example.com');
    assert.equal(user.username, 'ada');
    assert.equal(user.firstName, 'Ada');
    assert.equal(user.lastName, 'Lovelace');
    assert.equal(user.displayName, 'Ada Lovelace');
    assert.equal(user.status, 'ACTIVE');
    assert.deepEqual(user.createdAt, at('2022-05-01T08:00:00Z'));
    assert.deepEqual(user.permissions, [
      system('staff', 'OWNER'),
      {
        role: 'CUSTOMER.OWNER',
        level: 'OWNER',
        scope: { kind: 'CUSTOMER', id: UUIDS.analyticalEngines, name: 'Analytical Engines Ltd' },
        expiresAt: null,
        grantedAt: at('2023-01-01T00:00:00Z'),
        grantedBy: 'ada',
        source: SOURCE,
      },
    ]);
  });

  it('carries every documented field of the 7.9.8 User in details, camel-cased, and never the token', () => {
    const user = toUser(ada(), SOURCE);
    const expected: WaldurUserDetails = {
      vendor: 'waldur',
      url: `http://127.0.0.1:8000/api/users/${UUIDS.ada}/`,
      uuid: UUIDS.ada,
      username: 'ada',
      slug: 'ada',
      fullName: 'Ada Lovelace',
      nativeName: '',
      jobTitle: 'Countess',
      email: 'ada@example.com',
      phoneNumber: '',
      organization: 'Analytical Engines Ltd',
      civilNumber: null,
      description: '',
      isStaff: true,
      isActive: true,
      isSupport: false,
      tokenLifetime: 3600,
      tokenExpiresAt: at('2026-07-01T09:00:00Z'),
      registrationMethod: 'default',
      dateJoined: at('2022-05-01T08:00:00Z'),
      agreementDate: at('2022-05-01T08:05:00Z'),
      notificationsEnabled: true,
      preferredLanguage: 'en',
      permissions: [
        {
          userUuid: UUIDS.ada,
          userName: 'Ada Lovelace',
          userSlug: 'ada',
          created: at('2023-01-01T00:00:00Z'),
          expirationTime: null,
          createdByFullName: 'Ada Lovelace',
          createdByUsername: 'ada',
          roleName: 'CUSTOMER.OWNER',
          roleDescription: 'Customer owner',
          roleUuid: '0f4a3b4c9d7e4d3e8a1b2c3d4e5f6071',
          scopeType: 'customer',
          scopeUuid: UUIDS.analyticalEngines,
          scopeName: 'Analytical Engines Ltd',
          customerUuid: UUIDS.analyticalEngines,
          customerName: 'Analytical Engines Ltd',
        },
      ],
      requestedEmail: null,
      affiliations: [],
      firstName: 'Ada',
      lastName: 'Lovelace',
      birthDate: null,
      identityProviderName: 'Local DB',
      identityProviderLabel: 'Local DB',
      identityProviderManagementUrl: '',
      identityProviderFields: [],
      image: null,
      identitySource: '',
      hasActiveSession: true,
      ipAddress: null,
    };
    assert.deepEqual(user.details, expected);
    assert.equal(JSON.stringify(user).includes('waldur-token-ada'), false);
    assert.equal('token' in user.details, false);
  });

  it('maps a support user (Barbara) to a SYSTEM view permission and nothing else', () => {
    const user = toUser(barbara(), SOURCE);
    assert.deepEqual(user.permissions, [system('support', 'VIEW')]);
    assert.equal(user.details.vendor === 'waldur' && user.details.isSupport, true);
  });

  it("keeps an expiring permission's date (Alan's PROJECT.MEMBER of Enigma, until 2027-06-30)", () => {
    const [member, support] = toUser(alan(), SOURCE).permissions;
    assert.deepEqual(member, {
      role: 'PROJECT.MEMBER',
      level: 'OPERATE',
      scope: { kind: 'PROJECT', id: UUIDS.enigma, name: 'Enigma' },
      expiresAt: at('2027-06-30T00:00:00Z'),
      grantedAt: at('2023-01-01T00:00:00Z'),
      grantedBy: 'ada',
      source: SOURCE,
    });
    assert.deepEqual(
      [support?.role, support?.level, support?.scope],
      ['CUSTOMER.SUPPORT', 'VIEW', { kind: 'CUSTOMER', id: UUIDS.bletchley, name: 'Bletchley Park' }],
    );
    assert.equal(support?.expiresAt, null);
  });

  it('maps an inactive user who never agreed to the policy (Linus)', () => {
    const user = toUser(linus(), SOURCE);
    assert.equal(user.status, 'INACTIVE');
    assert.equal(user.email, 'linus@example.org');
    assert.ok(user.details.vendor === 'waldur');
    assert.equal(user.details.isActive, false);
    assert.equal(user.details.agreementDate, null);
    assert.deepEqual(user.permissions, []);
  });

  it('maps an eduTEAMS registration (analyst01) with the role granted by Alan', () => {
    const user = toUser(analyst01(), SOURCE);
    assert.ok(user.details.vendor === 'waldur');
    assert.equal(user.details.registrationMethod, 'eduteams');
    assert.equal(user.details.identityProviderName, '');
    assert.equal(user.displayName, 'Analyst No. 1');
    assert.deepEqual(
      user.permissions.map((p) => [p.role, p.level, p.scope.kind, p.scope.name, p.grantedBy]),
      [['PROJECT.MEMBER', 'OPERATE', 'PROJECT', 'Enigma', 'alan']],
    );
  });

  it('keeps a mixed-case email exactly as sent', () => {
    const user = toUser(
      wireUser({ uuid: UUIDS.grace, username: 'grace', email: 'Grace.Hopper@Example.COM', first_name: 'Grace', last_name: 'Hopper' }),
      SOURCE,
    );
    assert.equal(user.email, 'Grace.Hopper@Example.COM');
    assert.ok(user.details.vendor === 'waldur');
    assert.equal(user.details.email, 'Grace.Hopper@Example.COM');
  });

  it('gives null for every nullable field sent as null, and for fields Waldur left out', () => {
    const nulls = wireUser({
      uuid: UUIDS.grace,
      username: 'grace',
      civil_number: null,
      token_lifetime: null,
      token_expires_at: null,
      agreement_date: null,
      requested_email: null,
      birth_date: null,
      image: null,
      ip_address: null,
    });
    const d = toUser(nulls, SOURCE).details;
    assert.ok(d.vendor === 'waldur');
    assert.deepEqual(
      [d.civilNumber, d.tokenLifetime, d.tokenExpiresAt, d.agreementDate, d.requestedEmail, d.birthDate, d.image, d.ipAddress],
      [null, null, null, null, null, null, null, null],
    );
    // A non-staff viewer gets no is_active/is_staff/is_support/description (README "Who may do what").
    const sparse = waldurUserSchema.parse({ uuid: UUIDS.grace, username: 'grace', email: 'grace@example.com' });
    const user = toUser(sparse, SOURCE);
    assert.equal(user.status, 'ACTIVE');
    assert.deepEqual(user.permissions, []);
    assert.equal(user.createdAt, null);
    assert.deepEqual([user.firstName, user.lastName, user.displayName], [null, null, 'grace@example.com']);
    assert.ok(user.details.vendor === 'waldur');
    assert.deepEqual(
      [user.details.isActive, user.details.isStaff, user.details.description, user.details.identityProviderFields, user.details.permissions],
      [null, null, null, [], []],
    );
  });

  it('maps an unknown role to NONE and keeps it; an unknown scope model lands in its customer', () => {
    const wire = wireUser({
      uuid: UUIDS.grace,
      username: 'grace',
      permissions: [
        wirePermission({ role_name: 'PROJECT.OBSERVER', scope_type: 'project', scope_uuid: UUIDS.compilers, scope_name: 'Compilers' }),
        wirePermission({ role_name: 'OFFERING.MANAGER', scope_type: 'offering', scope_uuid: 'aaaabbbbccccddddeeeeffff00001111', scope_name: 'HPC' }),
        wirePermission({ role_name: 'CUSTOMER.AUDITOR', scope_type: null }),
        wirePermission({ role_name: 'customer.owner', scope_type: 'customer' }),
      ],
    });
    assert.deepEqual(
      toUser(wire, SOURCE).permissions.map((p) => [p.role, p.level, p.scope.kind, p.scope.id]),
      [
        ['PROJECT.OBSERVER', 'NONE', 'PROJECT', UUIDS.compilers],
        ['OFFERING.MANAGER', 'NONE', 'CUSTOMER', UUIDS.analyticalEngines],
        ['CUSTOMER.AUDITOR', 'NONE', 'CUSTOMER', UUIDS.analyticalEngines],
        ['customer.owner', 'NONE', 'CUSTOMER', UUIDS.analyticalEngines],
      ],
    );
  });

  it('levels the six Waldur roles as decided', () => {
    assert.deepEqual(WALDUR_ROLE_LEVELS, {
      'CUSTOMER.OWNER': 'OWNER',
      'CUSTOMER.MANAGER': 'ADMIN',
      'CUSTOMER.SUPPORT': 'VIEW',
      'PROJECT.ADMIN': 'ADMIN',
      'PROJECT.MANAGER': 'ADMIN',
      'PROJECT.MEMBER': 'OPERATE',
    });
    assert.equal(levelOfRole('toString'), 'NONE');
    assert.equal(levelOfRole(''), 'NONE');
  });

  it('takes grantedBy from the username, else the full name, else null', () => {
    const wire = wireUser({
      uuid: UUIDS.grace,
      username: 'grace',
      permissions: [
        wirePermission({ role_name: 'PROJECT.ADMIN', created_by_username: '', created_by_full_name: 'Ada Lovelace' }),
        wirePermission({ role_name: 'PROJECT.ADMIN', created_by_username: undefined, created_by_full_name: undefined }),
      ],
    });
    assert.deepEqual(
      toUser(wire, SOURCE).permissions.map((p) => p.grantedBy),
      ['Ada Lovelace', null],
    );
  });

  it('builds displayName from the names, else full_name, else email, else the uuid', () => {
    const base = { uuid: UUIDS.grace, username: 'grace' };
    assert.equal(toUser(wireUser({ ...base, last_name: 'Hopper' }), SOURCE).displayName, 'Hopper');
    assert.equal(toUser(wireUser({ ...base, first_name: 'Grace' }), SOURCE).displayName, 'Grace');
    assert.equal(toUser(wireUser({ ...base, full_name: 'Rear Admiral Hopper' }), SOURCE).displayName, 'Rear Admiral Hopper');
    assert.equal(toUser(wireUser({ ...base, email: 'g@example.com' }), SOURCE).displayName, 'g@example.com');
    assert.equal(toUser(wireUser({ ...base, email: '' }), SOURCE).displayName, UUIDS.grace);
  });

  it('reads microseconds and offsets in dates', () => {
    const user = toUser(wireUser({ uuid: UUIDS.grace, username: 'grace', date_joined: '2022-05-01T10:00:00.250000+02:00' }), SOURCE);
    assert.deepEqual(user.createdAt, at('2022-05-01T08:00:00.250Z'));
  });
});
