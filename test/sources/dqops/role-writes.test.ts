import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RoleGrant } from '../../../src/sources/model.js';
import { hook } from '../../helpers/sim.js';
import { counters, ctx, failsWith, refusals, resultValue, stored, useDqopsWriteSim, VIEWER_KEY } from './write-fixtures.js';

const account = (role: string): RoleGrant => ({ role, scope: { kind: 'ACCOUNT', id: null } });
const domain = (role: string, id: string | null): RoleGrant => ({ role, scope: { kind: 'DATA_DOMAIN', id } });

describe('dqops adapter: grantRole', () => {
  const f = useDqopsWriteSim();

  it('sets the account role with a fresh GET, one PUT and a re-read', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(await f.adapter.grantRole(ctx(stats), 'alan@example.com', account('admin')));
    assert.deepEqual(
      user.permissions.map((p) => [p.role, p.level, p.scope.kind]),
      [['admin', 'ADMIN', 'ACCOUNT']],
    );
    assert.equal(stats.calls, 3);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2, 'PUT /api/users/{email}': 1 });
    assert.deepEqual(await stored(f.sim, 'alan@example.com'), {
      email: 'alan@example.com',
      accountRole: 'admin',
      dataDomainRoles: {},
      password: 'Bombe-1939-Hut8',
    });
  });

  it('keeps both of two different grants made one after the other', async () => {
    resultValue(await f.adapter.grantRole(ctx(), 'alan@example.com', domain('editor', 'datalake')));
    const user = resultValue(await f.adapter.grantRole(ctx(), 'alan@example.com', domain('viewer', '(default)')));
    assert.deepEqual(
      user.permissions.map((p) => [p.role, p.scope.kind, p.scope.id]),
      [
        ['operator', 'ACCOUNT', null],
        ['viewer', 'DATA_DOMAIN', '(default)'],
        ['editor', 'DATA_DOMAIN', 'datalake'],
      ],
    );
    assert.deepEqual((await stored(f.sim, 'alan@example.com'))?.dataDomainRoles, { datalake: 'editor', '(default)': 'viewer' });
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 4, 'PUT /api/users/{email}': 2 });
  });

  it('reads fresh state on every grant, so a change made elsewhere in between is kept', async () => {
    resultValue(await f.adapter.grantRole(ctx(), 'alan@example.com', domain('editor', 'datalake')));
    // Another client changes the account role directly.
    await hook(f.sim, 'DELETE', 'requests');
    const put = await fetch(new URL('/api/users/alan%40example.com', f.sim.url), {
      method: 'PUT',
      headers: { authorization: 'Bearer dqops-key-ada-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alan@example.com', accountRole: 'viewer', dataDomainRoles: { datalake: 'editor' } }),
    });
    assert.equal(put.status, 204);
    resultValue(await f.adapter.grantRole(ctx(), 'alan@example.com', domain('operator', '(default)')));
    const alan = await stored(f.sim, 'alan@example.com');
    assert.deepEqual([alan?.accountRole, alan?.dataDomainRoles], ['viewer', { datalake: 'editor', '(default)': 'operator' }]);
  });

  it('sends no PUT for a role already held, returning the fresh user (one GET)', async () => {
    const user = resultValue(await f.adapter.grantRole(ctx(), 'grace@example.com', domain('editor', 'datalake')));
    assert.equal(user.nativeId, 'grace@example.com');
    resultValue(await f.adapter.grantRole(ctx(), 'grace@example.com', account('editor')));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2 });
  });

  it('accepts a null expiry (never), as DQOps roles never expire', async () => {
    resultValue(await f.adapter.grantRole(ctx(), 'alan@example.com', { ...account('viewer'), expiresAt: null }));
    assert.equal((await stored(f.sim, 'alan@example.com'))?.accountRole, 'viewer');
  });

  it("refuses DQOps' rules before any call, naming each field", async () => {
    const cases: [RoleGrant, [string[] | null, string][]][] = [
      [account('none'), [[['role'], 'INVALID']]],
      [account('owner'), [[['role'], 'INVALID']]],
      [account('Admin'), [[['role'], 'INVALID']]],
      [{ role: 'viewer', scope: { kind: 'PROJECT', id: 'p-1' } }, [[['scope', 'kind'], 'INVALID']]],
      [{ role: 'viewer', scope: { kind: 'ACCOUNT', id: 'datalake' } }, [[['scope', 'id'], 'INVALID']]],
      [domain('viewer', null), [[['scope', 'id'], 'REQUIRED']]],
      [domain('viewer', ''), [[['scope', 'id'], 'REQUIRED']]],
      [{ ...account('viewer'), expiresAt: new Date(Date.now() + 86_400_000) }, [[['expiresAt'], 'NOT_ALLOWED']]],
      [
        { role: 'none', scope: { kind: 'SYSTEM', id: null }, expiresAt: new Date(Date.now() + 86_400_000) },
        [
          [['scope', 'kind'], 'INVALID'],
          [['role'], 'INVALID'],
          [['expiresAt'], 'NOT_ALLOWED'],
        ],
      ],
    ];
    for (const [grant, expected] of cases)
      assert.deepEqual(refusals(await f.adapter.grantRole(ctx(), 'alan@example.com', grant)), expected, JSON.stringify(grant));
    assert.equal((await counters(f.sim)).total, 0);
  });

  it('refuses a data domain the instance does not have after the read, with no PUT', async () => {
    assert.deepEqual(refusals(await f.adapter.grantRole(ctx(), 'alan@example.com', domain('viewer', 'sales'))), [[['scope', 'id'], 'INVALID']]);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it('is NOT_FOUND for an unknown user (one GET)', async () => {
    await assert.rejects(f.adapter.grantRole(ctx(), 'ghost@example.com', account('viewer')), failsWith('NOT_FOUND'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it("fails with UPSTREAM_FORBIDDEN for a viewer's key, and LIMIT_EXCEEDED for the PUT's 400", async () => {
    await assert.rejects(f.adapter.grantRole(ctx(undefined, VIEWER_KEY), 'alan@example.com', account('admin')), failsWith('UPSTREAM_FORBIDDEN'));
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 400, method: 'PUT', times: 1 });
    assert.deepEqual(refusals(await f.adapter.grantRole(ctx(), 'alan@example.com', account('admin'))), [[null, 'LIMIT_EXCEEDED']]);
    assert.equal((await stored(f.sim, 'alan@example.com'))?.accountRole, 'operator');
  });
});

describe('dqops adapter: revokeRole', () => {
  const f = useDqopsWriteSim();

  it('sets the account role to none when it is the one revoked, keeping domain roles', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(await f.adapter.revokeRole(ctx(stats), 'grace@example.com', account('editor')));
    assert.deepEqual(
      user.permissions.map((p) => [p.role, p.scope.kind, p.scope.id]),
      [['editor', 'DATA_DOMAIN', 'datalake']],
    );
    assert.equal(stats.calls, 3);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2, 'PUT /api/users/{email}': 1 });
    const grace = await stored(f.sim, 'grace@example.com');
    assert.deepEqual([grace?.accountRole, grace?.dataDomainRoles], ['none', { datalake: 'editor' }]);
  });

  it("drops a domain role, keeping the account role and the other domains' roles", async () => {
    resultValue(await f.adapter.grantRole(ctx(), 'grace@example.com', domain('viewer', '(default)')));
    const user = resultValue(await f.adapter.revokeRole(ctx(), 'grace@example.com', domain('editor', 'datalake')));
    assert.deepEqual(user.details, {
      vendor: 'dqops',
      accountRole: 'editor',
      dataDomainRoles: [
        { domain: '(default)', role: 'viewer' },
        { domain: 'datalake', role: 'none' },
      ],
    });
    assert.deepEqual((await stored(f.sim, 'grace@example.com'))?.dataDomainRoles, { '(default)': 'viewer' });
  });

  it('answers NOT_ALLOWED on role for a role not held, after one GET and with no PUT', async () => {
    const notHeld = [account('admin'), domain('viewer', 'datalake'), domain('viewer', '(default)'), domain('viewer', 'sales')];
    for (const grant of notHeld)
      assert.deepEqual(refusals(await f.adapter.revokeRole(ctx(), 'grace@example.com', grant)), [[['role'], 'NOT_ALLOWED']], JSON.stringify(grant));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': notHeld.length });
  });

  it('refuses revoking none, other scopes and expiries before any call', async () => {
    assert.deepEqual(refusals(await f.adapter.revokeRole(ctx(), 'edsger@example.net', account('none'))), [[['role'], 'INVALID']]);
    assert.deepEqual(refusals(await f.adapter.revokeRole(ctx(), 'edsger@example.net', { role: 'viewer', scope: { kind: 'CUSTOMER', id: 'c' } })), [
      [['scope', 'kind'], 'INVALID'],
    ]);
    assert.deepEqual(
      refusals(await f.adapter.revokeRole(ctx(), 'edsger@example.net', { ...domain('viewer', 'datalake'), expiresAt: new Date(Date.now() + 1000) })),
      [[['expiresAt'], 'NOT_ALLOWED']],
    );
    assert.equal((await counters(f.sim)).total, 0);
  });

  it('is NOT_FOUND for an unknown user (one GET)', async () => {
    await assert.rejects(f.adapter.revokeRole(ctx(), 'ghost@example.com', account('viewer')), failsWith('NOT_FOUND'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });
});
