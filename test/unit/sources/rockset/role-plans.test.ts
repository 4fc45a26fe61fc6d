import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planGrant, planRevoke } from '../../../../src/sources/rockset/role-changes.js';

describe('Rockset role plans (pure)', () => {
  it('grants by appending, and leaves a role already held alone', () => {
    assert.deepEqual(planGrant(['member'], 'admin'), { kind: 'write', model: ['member', 'admin'] });
    assert.deepEqual(planGrant(['member', 'admin'], 'admin'), { kind: 'unchanged' });
    // Rockset's names match exactly: another case is another role.
    assert.deepEqual(planGrant(['admin'], 'Admin'), { kind: 'write', model: ['admin', 'Admin'] });
  });

  it('revokes by removing, keeping the order of the rest', () => {
    assert.deepEqual(planRevoke(['a', 'b', 'c'], 'b'), { kind: 'write', model: ['a', 'c'] });
  });

  it('refuses to revoke a role not held, or the last one, on `role`', () => {
    const notHeld = planRevoke(['member'], 'admin');
    assert.equal(notHeld.kind, 'refused');
    assert.deepEqual(notHeld.kind === 'refused' && notHeld.userErrors.map((e) => [e.field, e.code]), [[['role'], 'NOT_ALLOWED']]);
    const last = planRevoke(['admin'], 'admin');
    assert.equal(last.kind, 'refused');
    assert.match(last.kind === 'refused' ? (last.userErrors[0]?.message ?? '') : '', /only role.*keeps at least one/);
  });
});
