import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import { createDqopsAdapter } from '../../../src/sources/dqops/adapter.js';
import { DQOPS_CAPABILITIES } from '../../../src/sources/dqops/capabilities.js';
import { DqopsClient } from '../../../src/sources/dqops/client.js';
import { hook } from '../../helpers/sim.js';
import { ADMIN_KEY, counters, ctx, everythingSaidBy, failsWith, refusals, resultValue, stored, useDqopsWriteSim, VIEWER_KEY } from './write-fixtures.js';

const NEW_PASSWORD = 'Enigma-Rotor-Ümlaut-"quoted"-2024';

describe('dqops adapter: changePassword and changeMyPassword', () => {
  const f = useDqopsWriteSim();

  it('sets the raw password as text/plain and re-reads the user (one PUT, one GET)', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(await f.adapter.changePassword(ctx(stats), 'alan@example.com', NEW_PASSWORD));
    assert.equal(user.nativeId, 'alan@example.com');
    assert.equal(stats.calls, 2);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'PUT /api/users/{email}/password': 1, 'GET /api/users/{email}': 1 });
    // The quotes and the non-ASCII letter arrive as sent: no JSON encoding, UTF-8.
    assert.equal((await stored(f.sim, 'alan@example.com'))?.password, NEW_PASSWORD);
  });

  it("changes the caller's own password with one PUT /api/mypassword and resolves to null", async () => {
    const result = await f.adapter.changeMyPassword(ctx(undefined, VIEWER_KEY), NEW_PASSWORD);
    assert.deepEqual(result, { ok: true, value: null });
    assert.deepEqual((await counters(f.sim)).byRoute, { 'PUT /api/mypassword': 1 });
    assert.equal((await stored(f.sim, 'katherine@example.com'))?.password, NEW_PASSWORD);
    assert.equal((await stored(f.sim, 'ada@example.com'))?.password, 'Analytical-Engine-1843');
  });

  it("is NOT_FOUND for an unknown user: DQOps' 500 is told apart by one GET", async () => {
    await assert.rejects(f.adapter.changePassword(ctx(), 'ghost@example.com', NEW_PASSWORD), (err: unknown) => {
      failsWith('NOT_FOUND')(err);
      assert.ok(!everythingSaidBy(err).includes(NEW_PASSWORD));
      return true;
    });
    assert.deepEqual((await counters(f.sim)).byRoute, { 'PUT /api/users/{email}/password': 1, 'GET /api/users/{email}': 1 });
  });

  it('lets a viewer key fail with UPSTREAM_FORBIDDEN on another user (manage_account), leaving the password alone', async () => {
    await assert.rejects(f.adapter.changePassword(ctx(undefined, VIEWER_KEY), 'alan@example.com', NEW_PASSWORD), failsWith('UPSTREAM_FORBIDDEN'));
    assert.equal((await stored(f.sim, 'alan@example.com'))?.password, 'Bombe-1939-Hut8');
  });

  it('maps a 406 to INVALID on password and a 400 to LIMIT_EXCEEDED, never quoting the password', async () => {
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 406, method: 'PUT', times: 1 });
    const rejected = await f.adapter.changePassword(ctx(), 'alan@example.com', NEW_PASSWORD);
    assert.deepEqual(refusals(rejected), [[['password'], 'INVALID']]);
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 400, method: 'PUT', times: 2 });
    const limited = await f.adapter.changePassword(ctx(), 'alan@example.com', NEW_PASSWORD);
    assert.deepEqual(refusals(limited), [[null, 'LIMIT_EXCEEDED']]);
    assert.deepEqual(refusals(await f.adapter.changeMyPassword(ctx(), NEW_PASSWORD)), [[null, 'LIMIT_EXCEEDED']]);
    for (const result of [rejected, limited]) assert.ok(!JSON.stringify(result).includes(NEW_PASSWORD));
  });

  it('puts the password in no error, along the whole cause chain, whatever goes wrong', async () => {
    const faults = [
      { kind: 'status', status: 500, method: 'PUT' },
      { kind: 'status', status: 403, method: 'PUT' },
      { kind: 'status', status: 415, method: 'PUT' },
      { kind: 'reset', method: 'PUT', when: 'after' },
      { kind: 'reset', method: 'PUT', when: 'before' },
      { kind: 'malformed', method: 'GET' },
    ];
    for (const fault of faults) {
      await hook(f.sim, 'POST', 'faults', { ...fault, times: 1 });
      for (const attempt of [() => f.adapter.changePassword(ctx(), 'alan@example.com', NEW_PASSWORD), () => f.adapter.changeMyPassword(ctx(), NEW_PASSWORD)]) {
        let said = '';
        try {
          said = JSON.stringify(await attempt());
        } catch (err) {
          said = everythingSaidBy(err);
        }
        assert.ok(!said.includes(NEW_PASSWORD), `${JSON.stringify(fault)} showed the password: ${said}`);
        assert.ok(!said.includes(ADMIN_KEY), `${JSON.stringify(fault)} showed the key`);
      }
      await hook(f.sim, 'DELETE', 'faults');
    }
  });
});

describe('dqops adapter: writes DQOps does not have', () => {
  const f = useDqopsWriteSim();

  it('fails each with UNSUPPORTED_BY_SOURCE and no call', async () => {
    const c = ctx();
    const attempts = [
      f.adapter.requestEmailChange(c, 'ada@example.com', 'new@example.com'),
      f.adapter.confirmEmailChange(c, 'code-123'),
      f.adapter.cancelEmailChange(c, 'ada@example.com'),
      f.adapter.refreshUserToken(c, 'ada@example.com'),
      f.adapter.syncRemoteUser(c, 'ada@example.com'),
      f.adapter.setNotificationPreferences(c, ['digest']),
    ];
    for (const attempt of attempts) await assert.rejects(attempt, failsWith('UNSUPPORTED_BY_SOURCE'));
    assert.equal(c.stats?.calls, 0);
    assert.equal((await counters(f.sim)).total, 0);
  });

  it('fails every write left out of the declared capabilities with UNSUPPORTED_BY_SOURCE before any call', async () => {
    const http = new UpstreamClient({ source: 'limited', url: f.sim.url, timeoutMs: 500 });
    const info = {
      name: 'limited',
      vendor: 'dqops' as const,
      url: f.sim.url,
      capabilities: DQOPS_CAPABILITIES.filter((c) => c.endsWith('USERS') || c.startsWith('GET')),
    };
    const adapter = createDqopsAdapter(info, new DqopsClient(http));
    const c = ctx();
    const grant = { role: 'viewer', scope: { kind: 'ACCOUNT' as const, id: null } };
    const attempts = [
      adapter.createUser(c, { email: 'x@example.com' }),
      adapter.updateUser(c, 'ada@example.com', { roles: ['viewer'] }),
      adapter.deleteUser(c, 'ada@example.com'),
      adapter.grantRole(c, 'ada@example.com', grant),
      adapter.revokeRole(c, 'ada@example.com', grant),
      adapter.changePassword(c, 'ada@example.com', NEW_PASSWORD),
      adapter.changeMyPassword(c, NEW_PASSWORD),
    ];
    for (const attempt of attempts) await assert.rejects(attempt, failsWith('UNSUPPORTED_BY_SOURCE'));
    assert.equal((await counters(f.sim)).total, 0);
    await adapter.close();
  });
});
