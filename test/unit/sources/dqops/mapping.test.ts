import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayError } from '../../../../src/errors.js';
import { toDataDomainRoles, toDetails, toLevel, toPermissions, toUser, toUsers } from '../../../../src/sources/dqops/mapping.js';
import type { DqopsUserRolesModel } from '../../../../src/sources/dqops/wire.js';
import type { Permission } from '../../../../src/sources/model.js';

const SOURCE = 'dqops-test';

function perm(role: string, level: Permission['level'], kind: 'ACCOUNT' | 'DATA_DOMAIN', domain: string | null = null): Permission {
  return { role, level, scope: { kind, id: domain, name: domain }, expiresAt: null, grantedAt: null, grantedBy: null, source: SOURCE };
}

describe('dqops mapping: toUser', () => {
  it('maps every field of DqoUserRolesModel', () => {
    const wire: DqopsUserRolesModel = { email: 'grace@example.com', accountRole: 'editor', dataDomainRoles: { '(default)': 'none', datalake: 'editor' } };
    assert.deepEqual(toUser(wire, SOURCE), {
      source: SOURCE,
      nativeId: 'grace@example.com',
      email: 'grace@example.com',
      username: null,
      firstName: null,
      lastName: null,
      displayName: 'grace@example.com',
      status: 'ACTIVE',
      createdAt: null,
      permissions: [perm('editor', 'EDIT', 'ACCOUNT'), perm('editor', 'EDIT', 'DATA_DOMAIN', 'datalake')],
      details: {
        vendor: 'dqops',
        accountRole: 'editor',
        dataDomainRoles: [
          { domain: '(default)', role: 'none' },
          { domain: 'datalake', role: 'editor' },
        ],
      },
    });
  });

  it('keeps a mixed-case email as sent, in nativeId, email and displayName', () => {
    const user = toUser({ email: 'Grace.Hopper@Example.COM', accountRole: 'viewer' }, SOURCE);
    assert.equal(user.nativeId, 'Grace.Hopper@Example.COM');
    assert.equal(user.email, 'Grace.Hopper@Example.COM');
    assert.equal(user.displayName, 'Grace.Hopper@Example.COM');
  });

  it('refuses a user without an email, naming where it was', () => {
    for (const email of [undefined, null, '']) {
      assert.throws(
        () => toUsers([{ email: 'a@example.com' }, { email, accountRole: 'admin' }], SOURCE),
        (err: unknown) => {
          const e = err as GatewayError & { source?: string };
          assert.equal(e.code, 'UPSTREAM_BAD_RESPONSE');
          assert.equal(e.source, SOURCE);
          assert.match(e.message, /user at \[1\] without an email/);
          return true;
        },
      );
    }
  });

  it('maps a list in the order sent', () => {
    const users = toUsers([{ email: 'b@example.com' }, { email: 'a@example.com' }], SOURCE);
    assert.deepEqual(
      users.map((u) => u.nativeId),
      ['b@example.com', 'a@example.com'],
    );
  });
});

describe('dqops mapping: permissions', () => {
  it('gives Edsger (account role none, datalake viewer) only the datalake VIEW permission', () => {
    const edsger: DqopsUserRolesModel = { email: 'edsger@example.net', accountRole: 'none', dataDomainRoles: { '(default)': 'none', datalake: 'viewer' } };
    assert.deepEqual(toPermissions(edsger, SOURCE), [perm('viewer', 'VIEW', 'DATA_DOMAIN', 'datalake')]);
    assert.deepEqual(toDetails(edsger), {
      vendor: 'dqops',
      accountRole: 'none',
      dataDomainRoles: [
        { domain: '(default)', role: 'none' },
        { domain: 'datalake', role: 'viewer' },
      ],
    });
  });

  it('keeps the root domain as "(default)" in scope id and name', () => {
    const perms = toPermissions({ email: 'a@example.com', accountRole: 'none', dataDomainRoles: { '(default)': 'operator' } }, SOURCE);
    assert.deepEqual(perms, [perm('operator', 'OPERATE', 'DATA_DOMAIN', '(default)')]);
  });

  it('maps each DqoUserRole to its level', () => {
    assert.deepEqual(['admin', 'editor', 'operator', 'viewer'].map(toLevel), ['ADMIN', 'EDIT', 'OPERATE', 'VIEW']);
  });

  it('keeps an unknown role as a NONE permission, on the account and on a domain', () => {
    const perms = toPermissions({ email: 'a@example.com', accountRole: 'auditor', dataDomainRoles: { sales: 'Admin', hr: 'constructor' } }, SOURCE);
    assert.deepEqual(perms, [
      perm('auditor', 'NONE', 'ACCOUNT'),
      perm('constructor', 'NONE', 'DATA_DOMAIN', 'hr'),
      perm('Admin', 'NONE', 'DATA_DOMAIN', 'sales'),
    ]);
  });

  it('treats a missing or null accountRole as no account permission, and "none" in details', () => {
    for (const wire of [
      { email: 'a@example.com', dataDomainRoles: { datalake: 'admin' } },
      { email: 'a@example.com', accountRole: null, dataDomainRoles: { datalake: 'admin' } },
    ]) {
      assert.deepEqual(toPermissions(wire, SOURCE), [perm('admin', 'ADMIN', 'DATA_DOMAIN', 'datalake')]);
      assert.equal(toDetails(wire).accountRole, 'none');
    }
  });

  it('gives an admin with no domain map one ACCOUNT permission', () => {
    assert.deepEqual(toPermissions({ email: 'a@example.com', accountRole: 'admin' }, SOURCE), [perm('admin', 'ADMIN', 'ACCOUNT')]);
  });

  it('gives a user with only none roles no permission at all', () => {
    assert.deepEqual(toPermissions({ email: 'a@example.com', accountRole: 'none', dataDomainRoles: { '(default)': 'none', datalake: 'none' } }, SOURCE), []);
  });
});

describe('dqops mapping: details', () => {
  it('sorts data domain roles by domain in code-unit order, keeping none entries as sent', () => {
    const roles = toDataDomainRoles({ dataDomainRoles: { zeta: 'viewer', Beta: 'none', alpha: 'admin', '(default)': 'editor' } });
    assert.deepEqual(roles, [
      { domain: '(default)', role: 'editor' },
      { domain: 'Beta', role: 'none' },
      { domain: 'alpha', role: 'admin' },
      { domain: 'zeta', role: 'viewer' },
    ]);
  });

  it('reports a missing or null domain map as no domains, and a null domain role as none', () => {
    assert.deepEqual(toDetails({ email: 'a@example.com' }), { vendor: 'dqops', accountRole: 'none', dataDomainRoles: [] });
    assert.deepEqual(toDetails({ email: 'a@example.com', accountRole: 'viewer', dataDomainRoles: null }).dataDomainRoles, []);
    const wire = { email: 'a@example.com', dataDomainRoles: { datalake: null } };
    assert.deepEqual(toDetails(wire).dataDomainRoles, [{ domain: 'datalake', role: 'none' }]);
    assert.deepEqual(toPermissions(wire, SOURCE), []);
  });

  it('does not carry unknown wire fields into the details', () => {
    const details = toDetails({ email: 'a@example.com', accountRole: 'viewer', dataDomainRoles: {}, tenant: 'x' });
    assert.deepEqual(Object.keys(details).sort(), ['accountRole', 'dataDomainRoles', 'vendor']);
  });
});
