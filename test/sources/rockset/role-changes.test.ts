import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { RoleGrant } from '../../../src/sources/model.js';
import { createRocksetAdapter, createRocksetSourceAdapter } from '../../../src/sources/rockset/adapter.js';
import { RocksetClient } from '../../../src/sources/rockset/client.js';
import type { ListAllAdapter } from '../../../src/sources/source.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import { ADA_KEY, ctx, failsWith, GET_USER, ORG, refusals, simHooks, UPDATE_USER, written } from './write-fixtures.js';

const grant = (role: string, scope: RoleGrant['scope'] = ORG): RoleGrant => ({ role, scope });

describe('Rockset adapter: grantRole and revokeRole, read-modify-write of the roles list', () => {
  let sim: RunningSimulator;
  let adapter: ListAllAdapter;
  const { stored, counters } = simHooks(() => sim);
  before(async () => {
    sim = await startSim('rockset');
    adapter = createRocksetSourceAdapter({ name: 'rockset-test', url: sim.url, timeoutMs: 1000 });
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  it('keeps both of two grants of different roles made one after the other: a GET and a POST each', async () => {
    const stats = new UpstreamStats();
    written(await adapter.grantRole(ctx(ADA_KEY, stats), 'Grace@Example.com', grant('read-only')));
    const grace = written(await adapter.grantRole(ctx(ADA_KEY, stats), 'Grace@Example.com', grant('admin')));
    assert.deepEqual(
      grace.permissions.map((p) => `${p.role}:${p.level}:${p.scope.kind}`),
      ['member:EDIT:ORGANIZATION', 'read-only:VIEW:ORGANIZATION', 'admin:ADMIN:ORGANIZATION'],
    );
    assert.deepEqual((await stored('grace@example.com'))?.roles, ['member', 'read-only', 'admin']);
    assert.equal(stats.calls, 4);
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 2, [UPDATE_USER]: 2 });
  });

  it('reads fresh: a change made upstream since the last read is kept', async () => {
    assert.deepEqual(
      (await adapter.getUser(ctx(), 'barbara@example.com'))?.permissions.map((p) => p.role),
      ['member'],
    );
    const direct = await call(sim, 'POST', '/v1/orgs/self/users/barbara%40example.com', {
      headers: { authorization: `ApiKey ${ADA_KEY}` },
      json: { roles: ['member', 'read-only'] },
    });
    assert.equal(direct.status, 200);
    written(await adapter.grantRole(ctx(), 'barbara@example.com', grant('admin')));
    assert.deepEqual((await stored('barbara@example.com'))?.roles, ['member', 'read-only', 'admin']);
  });

  it('does not join a plain GET of the same user already in flight: its read is a call of its own', async () => {
    const [read, granted] = await Promise.all([adapter.getUser(ctx(), 'barbara@example.com'), adapter.grantRole(ctx(), 'barbara@example.com', grant('admin'))]);
    assert.equal(read?.nativeId, 'barbara@example.com');
    assert.deepEqual(
      written(granted).permissions.map((p) => p.role),
      ['member', 'admin'],
    );
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 2, [UPDATE_USER]: 1 });
  });

  it('grants a role already held with no write, answering the fresh user', async () => {
    const margaret = written(await adapter.grantRole(ctx(), 'margaret@example.com', grant('member')));
    assert.deepEqual(
      margaret.permissions.map((p) => p.role),
      ['admin', 'member'],
    );
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 1 });
  });

  it('grants to a NEW user; the answer shows the roles but not the hidden names', async () => {
    const katherine = written(await adapter.grantRole(ctx(), 'katherine@example.com', grant('member')));
    assert.deepEqual([katherine.status, katherine.firstName, katherine.permissions.map((p) => p.role)], ['INVITED', null, ['read-only', 'member']]);
  });

  it("maps Rockset's refusal of an unknown role to role, after its GET and POST, and changes nothing", async () => {
    assert.deepEqual(refusals(await adapter.grantRole(ctx(), 'ada@example.com', grant('superuser'))), [['role', 'INVALID']]);
    assert.deepEqual((await stored('ada@example.com'))?.roles, ['admin']);
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 1, [UPDATE_USER]: 1 });
  });

  it('throws NOT_FOUND after one GET for a user Rockset does not have', async () => {
    await assert.rejects(adapter.grantRole(ctx(), 'nobody@example.com', grant('member')), failsWith('NOT_FOUND'));
    await assert.rejects(adapter.revokeRole(ctx(), 'nobody@example.com', grant('member')), failsWith('NOT_FOUND'));
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 2 });
  });

  it('revokes a role in a GET and a POST, keeping the others', async () => {
    const stats = new UpstreamStats();
    const margaret = written(await adapter.revokeRole(ctx(ADA_KEY, stats), 'margaret@example.com', grant('member')));
    assert.deepEqual(
      margaret.permissions.map((p) => p.role),
      ['admin'],
    );
    assert.deepEqual((await stored('margaret@example.com'))?.roles, ['admin']);
    assert.equal(stats.calls, 2);
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 1, [UPDATE_USER]: 1 });
  });

  it('refuses to revoke a role the user does not hold, or its last role, after the GET alone', async () => {
    assert.deepEqual(refusals(await adapter.revokeRole(ctx(), 'Grace@Example.com', grant('admin'))), [['role', 'NOT_ALLOWED']]);
    const last = await adapter.revokeRole(ctx(), 'Grace@Example.com', grant('member'));
    assert.deepEqual(refusals(last), [['role', 'NOT_ALLOWED']]);
    assert.ok(!last.ok && /only role/.test(last.userErrors[0]!.message));
    assert.deepEqual((await stored('grace@example.com'))?.roles, ['member']);
    assert.deepEqual((await counters()).byRoute, { [GET_USER]: 2 });
  });

  it('refuses another scope, a scope id, an expiry or an empty role on both, with no call', async () => {
    for (const change of [adapter.grantRole.bind(adapter), adapter.revokeRole.bind(adapter)]) {
      assert.deepEqual(refusals(await change(ctx(), 'ada@example.com', grant('member', { kind: 'PROJECT', id: null }))), [['scope.kind', 'INVALID']]);
      assert.deepEqual(refusals(await change(ctx(), 'ada@example.com', grant('member', { kind: 'ORGANIZATION', id: 'org-1' }))), [['scope.id', 'INVALID']]);
      assert.deepEqual(refusals(await change(ctx(), 'ada@example.com', grant('member', { kind: 'CUSTOMER', id: 'c-1' }))), [
        ['scope.kind', 'INVALID'],
        ['scope.id', 'INVALID'],
      ]);
      assert.deepEqual(refusals(await change(ctx(), 'ada@example.com', { ...grant('member'), expiresAt: new Date(Date.now() + 86_400_000) })), [
        ['expiresAt', 'NOT_ALLOWED'],
      ]);
      assert.deepEqual(refusals(await change(ctx(), 'ada@example.com', grant(''))), [['role', 'INVALID']]);
    }
    assert.equal((await counters()).total, 0);
  });

  it('takes expiresAt: null as "never", which is all Rockset has', async () => {
    const ada = written(await adapter.grantRole(ctx(), 'ada@example.com', { ...grant('read-only'), expiresAt: null }));
    assert.deepEqual(
      ada.permissions.map((p) => [p.role, p.expiresAt]),
      [
        ['admin', null],
        ['read-only', null],
      ],
    );
  });

  it('refuses every write its info leaves out, before any call', async () => {
    const http = new UpstreamClient({ source: 'limited', url: sim.url, timeoutMs: 1000 });
    const limited = createRocksetAdapter(
      { name: 'limited', vendor: 'rockset', url: sim.url, capabilities: ['LIST_USERS', 'GET_USER'] },
      new RocksetClient(http),
    );
    try {
      await assert.rejects(limited.createUser(ctx(), { email: 'hedy@example.com', roles: ['member'] }), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.updateUser(ctx(), 'ada@example.com', { firstName: 'A' }), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.deleteUser(ctx(), 'ada@example.com'), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.grantRole(ctx(), 'ada@example.com', grant('member')), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.revokeRole(ctx(), 'ada@example.com', grant('admin')), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.setNotificationPreferences(ctx(), []), failsWith('UNSUPPORTED_BY_SOURCE'));
      assert.equal((await counters()).total, 0);
    } finally {
      await limited.close();
    }
  });
});
