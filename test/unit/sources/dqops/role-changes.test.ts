import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentModel, planChanges, planGrant, planRevoke } from '../../../../src/sources/dqops/role-changes.js';
import type { DqopsUserRolesModel } from '../../../../src/sources/dqops/wire.js';

const EMAIL = 'grace@example.com';
/** As DQOps reads a user: every local domain filled in, `none` where there is no role. */
const grace: DqopsUserRolesModel = { email: EMAIL, accountRole: 'editor', dataDomainRoles: { '(default)': 'none', datalake: 'editor' } };

describe('dqops role changes: the model to PUT', () => {
  it('writes the whole model back with the native id as the email, null roles as none', () => {
    assert.deepEqual(currentModel('G@x', { email: 'g@x', accountRole: null, dataDomainRoles: { d: null } }), {
      email: 'G@x',
      accountRole: 'none',
      dataDomainRoles: { d: 'none' },
    });
    assert.deepEqual(currentModel(EMAIL, { email: EMAIL }), { email: EMAIL, accountRole: 'none', dataDomainRoles: {} });
  });

  it('grants the account role or one domain role, keeping everything else', () => {
    assert.deepEqual(planGrant(EMAIL, grace, { role: 'admin', scope: { kind: 'ACCOUNT', id: null } }), {
      kind: 'write',
      model: { email: EMAIL, accountRole: 'admin', dataDomainRoles: { '(default)': 'none', datalake: 'editor' } },
    });
    assert.deepEqual(planGrant(EMAIL, grace, { role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: '(default)' } }), {
      kind: 'write',
      model: { email: EMAIL, accountRole: 'editor', dataDomainRoles: { '(default)': 'viewer', datalake: 'editor' } },
    });
  });

  it('leaves a role already held unchanged, and refuses a domain the read did not list', () => {
    assert.deepEqual(planGrant(EMAIL, grace, { role: 'editor', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } }), { kind: 'unchanged' });
    const refused = planGrant(EMAIL, grace, { role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: 'sales' } });
    assert.equal(refused.kind, 'refused');
    assert.deepEqual(refused.kind === 'refused' && refused.userErrors, [
      { field: ['scope', 'id'], code: 'INVALID', message: 'this DQOps instance has no data domain "sales" (it has "(default)", "datalake")' },
    ]);
  });

  it('revokes only what is held: the account role becomes none, a domain role is left out', () => {
    assert.deepEqual(planRevoke(EMAIL, grace, { role: 'editor', scope: { kind: 'ACCOUNT', id: null } }), {
      kind: 'write',
      model: { email: EMAIL, accountRole: 'none', dataDomainRoles: { '(default)': 'none', datalake: 'editor' } },
    });
    assert.deepEqual(planRevoke(EMAIL, grace, { role: 'editor', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } }), {
      kind: 'write',
      model: { email: EMAIL, accountRole: 'editor', dataDomainRoles: { '(default)': 'none' } },
    });
    for (const scope of [
      { kind: 'ACCOUNT' as const, id: null },
      { kind: 'DATA_DOMAIN' as const, id: '(default)' },
      { kind: 'DATA_DOMAIN' as const, id: 'sales' },
    ]) {
      const plan = planRevoke(EMAIL, grace, { role: 'viewer', scope });
      assert.deepEqual(plan.kind === 'refused' && plan.userErrors.map((e) => [e.field, e.code]), [[['role'], 'NOT_ALLOWED']], JSON.stringify(scope));
    }
  });

  it('applies changes: roles set the account role, dataDomainRoles replace every domain role', () => {
    assert.deepEqual(planChanges(EMAIL, grace, { roles: [], dataDomainRoles: [{ domain: '(default)', role: 'operator' }] }), {
      kind: 'write',
      model: { email: EMAIL, accountRole: 'none', dataDomainRoles: { '(default)': 'operator' } },
    });
    assert.deepEqual(planChanges(EMAIL, grace, {}), { kind: 'unchanged' });
    assert.deepEqual(planChanges(EMAIL, grace, { roles: ['editor'], dataDomainRoles: [{ domain: 'datalake', role: 'editor' }] }), { kind: 'unchanged' });
    const refused = planChanges(EMAIL, grace, {
      dataDomainRoles: [
        { domain: 'sales', role: 'viewer' },
        { domain: 'hr', role: 'viewer' },
      ],
    });
    assert.deepEqual(refused.kind === 'refused' && refused.userErrors.map((e) => [e.field, e.code, e.message]), [
      [['dataDomainRoles'], 'INVALID', 'this DQOps instance has no data domain "sales", "hr" (it has "(default)", "datalake")'],
    ]);
  });
});
