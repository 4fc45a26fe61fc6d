import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoleGrant, UnifiedUser, WaldurUserDetails } from '../../../src/sources/model.js';
import { ALAN, ANALYTICAL, APOLLO, BLETCHLEY, COMPILERS, caught, GRACE, LINUS, MARGARET, useWriteHarness } from './write-harness.js';

const FIRST_EXPIRY = new Date('2031-03-01T12:00:00Z');
const NEW_EXPIRY = new Date('2032-06-15T08:30:00.250Z');

const projectGrant = (role: string, id: string | null, expiresAt?: Date | null): RoleGrant => ({
  role,
  scope: { kind: 'PROJECT', id },
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

function permissionOn(user: UnifiedUser, role: string, scopeId: string) {
  return user.permissions.find((p) => p.role === role && p.scope.id === scopeId);
}

describe('waldur adapter: grantRole and revokeRole', () => {
  const h = useWriteHarness();
  const activeGrants = async (user: string, role: string, scope: string) =>
    (await h.state()).roleAssignments.filter((r) => r.user_uuid === user && r.role === role && r.scope_uuid === scope && r.is_active);

  it('grants a PROJECT role with an expiry through add_user, and re-reads the user to show it', async () => {
    const result = await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.ADMIN', APOLLO, FIRST_EXPIRY));
    assert.ok(result.ok, JSON.stringify(result));
    const permission = permissionOn(result.value, 'PROJECT.ADMIN', APOLLO);
    assert.deepEqual(
      [permission?.scope.kind, permission?.scope.name, permission?.level, permission?.expiresAt?.toISOString(), permission?.grantedBy],
      ['PROJECT', 'Apollo Guidance', 'ADMIN', FIRST_EXPIRY.toISOString(), 'ada'],
    );
    const details = (result.value.details as WaldurUserDetails).permissions.find((p) => p.roleName === 'PROJECT.ADMIN');
    assert.equal(details?.expirationTime?.toISOString(), FIRST_EXPIRY.toISOString());
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 2, 'POST /api/projects/{uuid}/add_user/': 1 });
    const stored = await activeGrants(ALAN, 'PROJECT.ADMIN', APOLLO);
    assert.deepEqual(
      stored.map((r) => [r.scope_type, r.expiration_time]),
      [['project', '2031-03-01T12:00:00Z']],
    );
  });

  it('granting a held role again with a new expiry sends update_user, not add_user', async () => {
    assert.ok((await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.ADMIN', APOLLO, FIRST_EXPIRY))).ok);
    await h.clearLog();
    const result = await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.ADMIN', APOLLO, NEW_EXPIRY));
    assert.ok(result.ok);
    assert.equal(permissionOn(result.value, 'PROJECT.ADMIN', APOLLO)?.expiresAt?.toISOString(), NEW_EXPIRY.toISOString());
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 2, 'POST /api/projects/{uuid}/update_user/': 1 });
    const stored = await activeGrants(ALAN, 'PROJECT.ADMIN', APOLLO);
    assert.deepEqual(
      stored.map((r) => r.expiration_time),
      ['2032-06-15T08:30:00.250000Z'],
    );
  });

  it('a held role without expiresAt costs one GET and no write; expiresAt null makes it permanent', async () => {
    // Alan holds PROJECT.MEMBER on Enigma until 2027-06-30 in the seed.
    const ENIGMA = '5a862373852955fe92aa5bb15992f908';
    const same = await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.MEMBER', ENIGMA));
    assert.ok(same.ok);
    assert.equal(permissionOn(same.value, 'PROJECT.MEMBER', ENIGMA)?.expiresAt?.toISOString(), '2027-06-30T00:00:00.000Z');
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1 });
    const forever = await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.MEMBER', ENIGMA, null));
    assert.ok(forever.ok);
    assert.equal(permissionOn(forever.value, 'PROJECT.MEMBER', ENIGMA)?.expiresAt, null);
    assert.deepEqual(
      (await activeGrants(ALAN, 'PROJECT.MEMBER', ENIGMA)).map((r) => r.expiration_time),
      [null],
    );
  });

  it('grants a CUSTOMER role on a customer given as a dashed uuid', async () => {
    const dashed = `${BLETCHLEY.slice(0, 8)}-${BLETCHLEY.slice(8, 12)}-${BLETCHLEY.slice(12, 16)}-${BLETCHLEY.slice(16, 20)}-${BLETCHLEY.slice(20)}`;
    const result = await h.adapter.grantRole(h.ctx(), GRACE, { role: 'CUSTOMER.SUPPORT', scope: { kind: 'CUSTOMER', id: dashed } });
    assert.ok(result.ok);
    assert.equal(permissionOn(result.value, 'CUSTOMER.SUPPORT', BLETCHLEY)?.scope.kind, 'CUSTOMER');
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 2, 'POST /api/customers/{uuid}/add_user/': 1 });
  });

  it('revokes a held role through delete_user and re-reads the user without it', async () => {
    const result = await h.adapter.revokeRole(h.ctx(), GRACE, projectGrant('PROJECT.ADMIN', COMPILERS));
    assert.ok(result.ok);
    assert.equal(permissionOn(result.value, 'PROJECT.ADMIN', COMPILERS), undefined);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 2, 'POST /api/projects/{uuid}/delete_user/': 1 });
    const stored = (await h.state()).roleAssignments.filter((r) => r.user_uuid === GRACE && r.role === 'PROJECT.ADMIN');
    assert.deepEqual(
      stored.map((r) => r.is_active),
      [false],
    );
  });

  it('revoking a role not held is NOT_ALLOWED after one GET, with no write', async () => {
    const result = await h.adapter.revokeRole(h.ctx(), GRACE, projectGrant('PROJECT.ADMIN', APOLLO));
    assert.deepEqual(result.ok ? [] : result.userErrors.map((e) => [e.field, e.code]), [[['role'], 'NOT_ALLOWED']]);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1 });
  });

  it('refuses a CUSTOMER.* role on a project, a PROJECT.* role on a customer, other kinds and bad ids, with zero calls', async () => {
    const cases: [RoleGrant, string[], string][] = [
      [projectGrant('CUSTOMER.OWNER', APOLLO), ['role'], 'INVALID'],
      [{ role: 'PROJECT.ADMIN', scope: { kind: 'CUSTOMER', id: ANALYTICAL } }, ['role'], 'INVALID'],
      [{ role: 'staff', scope: { kind: 'SYSTEM', id: null } }, ['scope', 'kind'], 'INVALID'],
      [{ role: 'editor', scope: { kind: 'DATA_DOMAIN', id: ANALYTICAL } }, ['scope', 'kind'], 'INVALID'],
      [projectGrant('PROJECT.ADMIN', null), ['scope', 'id'], 'REQUIRED'],
      [projectGrant('PROJECT.ADMIN', 'Apollo Guidance'), ['scope', 'id'], 'INVALID'],
    ];
    for (const [grant, field, code] of cases) {
      for (const result of [await h.adapter.grantRole(h.ctx(), ALAN, grant), await h.adapter.revokeRole(h.ctx(), ALAN, grant)]) {
        assert.deepEqual(result.ok ? [] : result.userErrors.map((e) => [e.field, e.code]), [[field, code]], JSON.stringify(grant));
      }
    }
    assert.equal((await h.counters()).total, 0);
  });

  it('an unknown scope is a userError on scope.id after the GET and the POST', async () => {
    const result = await h.adapter.grantRole(h.ctx(), ALAN, projectGrant('PROJECT.ADMIN', 'f'.repeat(32)));
    assert.deepEqual(result.ok ? [] : result.userErrors.map((e) => [e.field, e.code]), [[['scope', 'id'], 'NOT_FOUND']]);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1, 'POST /api/projects/{uuid}/add_user/': 1 });
  });

  it("maps Waldur's role refusals: an inactive user, and a manager changing her own role", async () => {
    const inactive = await h.adapter.grantRole(h.ctx(), LINUS, projectGrant('PROJECT.MEMBER', APOLLO));
    assert.deepEqual(inactive.ok ? [] : inactive.userErrors, [{ field: null, message: 'user: User is not found.', code: 'INVALID' }]);
    // Margaret manages Apollo (not its customer), so she may not change her own role there.
    assert.ok((await h.adapter.grantRole(h.ctx(), MARGARET, projectGrant('PROJECT.MANAGER', APOLLO))).ok);
    const own = await h.adapter.grantRole(h.ctx('waldur-token-margaret'), MARGARET, projectGrant('PROJECT.MEMBER', APOLLO));
    assert.deepEqual(own.ok ? [] : own.userErrors, [{ field: null, message: 'User can not manage own role.', code: 'INVALID' }]);
  });

  it('a credential without the scope permission is UPSTREAM_FORBIDDEN', async () => {
    // Grace is PROJECT.ADMIN of Compilers: she sees it, but that role manages no roles.
    await caught(() => h.adapter.grantRole(h.ctx('waldur-token-grace'), MARGARET, projectGrant('PROJECT.MEMBER', COMPILERS)), 'UPSTREAM_FORBIDDEN');
    assert.deepEqual(await activeGrants(MARGARET, 'PROJECT.MEMBER', COMPILERS), []);
  });

  it('an unknown user is NOT_FOUND: after one GET, or with no call when the id is no uuid', async () => {
    await caught(() => h.adapter.grantRole(h.ctx(), 'alan', projectGrant('PROJECT.ADMIN', APOLLO)), 'NOT_FOUND');
    assert.equal((await h.counters()).total, 0);
    await caught(() => h.adapter.revokeRole(h.ctx(), '0'.repeat(32), projectGrant('PROJECT.ADMIN', APOLLO)), 'NOT_FOUND');
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1 });
  });
});
