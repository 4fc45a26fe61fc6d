import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { createRocksetSourceAdapter } from '../../../src/sources/rockset/adapter.js';
import type { ListAllAdapter } from '../../../src/sources/source.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import {
  ADA_KEY,
  ctx,
  DELETE_USER,
  everythingIn,
  failsWith,
  GRACE_KEY,
  refusals,
  SET_PREFERENCES,
  simHooks,
  UPDATE_USER,
  USERS,
  written,
} from './write-fixtures.js';

describe('Rockset adapter: user writes and notification preferences', () => {
  let sim: RunningSimulator;
  let adapter: ListAllAdapter;
  const { state, stored, counters, requests } = simHooks(() => sim);
  before(async () => {
    sim = await startSim('rockset');
    adapter = createRocksetSourceAdapter({ name: 'rockset-test', url: sim.url, timeoutMs: 1000 });
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  describe('createUser', () => {
    it('creates a NEW user in one POST; the answer has no names, as Rockset hides them until the invite is accepted', async () => {
      const stats = new UpstreamStats();
      const hedy = written(
        await adapter.createUser(ctx(ADA_KEY, stats), {
          email: 'hedy@example.com',
          firstName: 'Hedy',
          lastName: 'Lamarr',
          roles: ['member', 'read-only', 'member'],
        }),
      );
      assert.deepEqual(
        [hedy.nativeId, hedy.email, hedy.status, hedy.firstName, hedy.lastName, hedy.displayName],
        ['hedy@example.com', 'hedy@example.com', 'INVITED', null, null, 'hedy@example.com'],
      );
      assert.deepEqual(
        hedy.permissions.map((p) => `${p.role}:${p.level}:${p.scope.kind}`),
        ['member:EDIT:ORGANIZATION', 'read-only:VIEW:ORGANIZATION'],
      );
      assert.ok(hedy.createdAt instanceof Date && Math.abs(hedy.createdAt.getTime() - Date.now()) < 5_000);
      const kept = await stored('hedy@example.com');
      assert.deepEqual([kept?.state, kept?.first_name, kept?.last_name, kept?.roles], ['NEW', 'Hedy', 'Lamarr', ['member', 'read-only']]);
      assert.equal(stats.calls, 1);
      assert.deepEqual((await counters()).byRoute, { [USERS]: 1 });
    });

    it('refuses what Rockset has no place for, and missing or empty roles, with no call', async () => {
      const refused = await adapter.createUser(ctx(), {
        email: 'hedy@example.com',
        username: 'hedy',
        dataDomainRoles: [{ domain: '(default)', role: 'editor' }],
        waldur: { jobTitle: 'x' },
      });
      assert.deepEqual(refusals(refused), [
        ['username', 'NOT_ALLOWED'],
        ['dataDomainRoles', 'NOT_ALLOWED'],
        ['waldur', 'NOT_ALLOWED'],
        ['roles', 'REQUIRED'],
      ]);
      assert.deepEqual(refusals(await adapter.createUser(ctx(), { email: 'hedy@example.com', roles: [] })), [['roles', 'REQUIRED']]);
      assert.deepEqual(refusals(await adapter.createUser(ctx(), { email: 'hedy@example.com', roles: ['member', ''] })), [['roles', 'INVALID']]);
      assert.deepEqual(refusals(await adapter.createUser(ctx(), { email: 'hedy@example.com', roles: ['  '] })), [['roles', 'INVALID']]);
      assert.equal((await counters()).total, 0);
    });

    it('refuses an email Rockset has (409 ALREADYEXISTS), in any letter case, as TAKEN on email, after one POST each', async () => {
      for (const email of ['ada@example.com', 'ADA@EXAMPLE.COM', 'grace@example.com']) {
        assert.deepEqual(refusals(await adapter.createUser(ctx(), { email, roles: ['member'] })), [['email', 'TAKEN']]);
      }
      assert.deepEqual((await counters()).byRoute, { [USERS]: 3 });
      assert.equal((await state()).users.length, 5);
    });

    it("answers Rockset's refusal of an unknown role as INVALID on roles, and creates nobody", async () => {
      const refused = await adapter.createUser(ctx(), { email: 'hedy@example.com', roles: ['superuser'] });
      assert.deepEqual(refusals(refused), [['roles', 'INVALID']]);
      assert.ok(!refused.ok && /unknown role "superuser"/.test(refused.userErrors[0]!.message));
      assert.equal(await stored('hedy@example.com'), undefined);
      assert.deepEqual((await counters()).byRoute, { [USERS]: 1 });
    });

    it('throws UPSTREAM_FORBIDDEN for a member key', async () => {
      await assert.rejects(adapter.createUser(ctx(GRACE_KEY), { email: 'hedy@example.com', roles: ['member'] }), failsWith('UPSTREAM_FORBIDDEN'));
      assert.equal(await stored('hedy@example.com'), undefined);
    });

    it('reports OUTCOME_UNKNOWN when the connection is reset after the user was created, with exactly one POST sent', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'reset', method: 'POST', when: 'after' });
      await assert.rejects(adapter.createUser(ctx(), { email: 'hedy@example.com', roles: ['member'] }), (err: unknown) => {
        failsWith('OUTCOME_UNKNOWN')(err);
        assert.match((err as Error).message, /may have been applied; check its state before trying again/);
        return true;
      });
      const log = await requests();
      assert.deepEqual(
        log.map((e) => [e.method, e.path, e.status]),
        [['POST', '/v1/orgs/self/users', null]],
      );
      // It did happen: which is why the gateway must not say "failed" or try again.
      assert.equal((await stored('hedy@example.com'))?.state, 'NEW');
    });
  });

  describe('updateUser', () => {
    it('changes names and replaces roles in one POST, answering the new state', async () => {
      const stats = new UpstreamStats();
      const barbara = written(
        await adapter.updateUser(ctx(ADA_KEY, stats), 'barbara@example.com', { firstName: 'Babs', lastName: 'L.', roles: ['admin', 'read-only'] }),
      );
      assert.deepEqual([barbara.firstName, barbara.lastName, barbara.displayName, barbara.status], ['Babs', 'L.', 'Babs L.', 'ACTIVE']);
      assert.deepEqual(
        barbara.permissions.map((p) => p.role),
        ['admin', 'read-only'],
      );
      const kept = await stored('barbara@example.com');
      assert.deepEqual([kept?.first_name, kept?.last_name, kept?.roles], ['Babs', 'L.', ['admin', 'read-only']]);
      assert.equal(stats.calls, 1);
      assert.deepEqual((await counters()).byPath, { 'POST /v1/orgs/self/users/barbara%40example.com': 1 });
    });

    it('leaves out what is not given: a name change keeps the roles', async () => {
      const grace = written(await adapter.updateUser(ctx(), 'Grace@Example.com', { lastName: 'Murray Hopper' }));
      assert.deepEqual([grace.displayName, grace.permissions.map((p) => p.role)], ['Grace Murray Hopper', ['member']]);
    });

    it("stores a NEW user's names but answers without them, as Rockset does", async () => {
      const katherine = written(await adapter.updateUser(ctx(), 'katherine@example.com', { firstName: 'Kathy' }));
      assert.deepEqual([katherine.firstName, katherine.displayName, katherine.status], [null, 'katherine@example.com', 'INVITED']);
      assert.equal((await stored('katherine@example.com'))?.first_name, 'Kathy');
    });

    it("refuses empty roles and other vendors' fields with no call", async () => {
      assert.deepEqual(refusals(await adapter.updateUser(ctx(), 'ada@example.com', { roles: [] })), [['roles', 'INVALID']]);
      const foreign = await adapter.updateUser(ctx(), 'ada@example.com', { dataDomainRoles: [], waldur: { isStaff: true }, roles: ['admin', ''] });
      assert.deepEqual(refusals(foreign), [
        ['dataDomainRoles', 'NOT_ALLOWED'],
        ['waldur', 'NOT_ALLOWED'],
        ['roles', 'INVALID'],
      ]);
      assert.equal((await counters()).total, 0);
    });

    it("maps Rockset's refusal of an unknown role to roles, and an unknown user to NOT_FOUND", async () => {
      assert.deepEqual(refusals(await adapter.updateUser(ctx(), 'ada@example.com', { roles: ['root'] })), [['roles', 'INVALID']]);
      await assert.rejects(adapter.updateUser(ctx(), 'nobody@example.com', { firstName: 'No' }), failsWith('NOT_FOUND'));
      assert.deepEqual((await counters()).byRoute, { [UPDATE_USER]: 2 });
    });
  });

  describe('deleteUser', () => {
    it('deletes in one DELETE and answers the user as it was; the simulator then has no such user', async () => {
      const stats = new UpstreamStats();
      const barbara = written(await adapter.deleteUser(ctx(ADA_KEY, stats), 'barbara@example.com'));
      assert.deepEqual([barbara.nativeId, barbara.displayName, barbara.permissions.map((p) => p.role)], ['barbara@example.com', 'Barbara Liskov', ['member']]);
      assert.equal(stats.calls, 1);
      assert.deepEqual((await counters()).byRoute, { [DELETE_USER]: 1 });
      assert.equal((await call(sim, 'GET', '/v1/orgs/self/users/barbara%40example.com', { headers: { authorization: `ApiKey ${ADA_KEY}` } })).status, 404);
      assert.equal(await stored('barbara@example.com'), undefined);
    });

    it('throws NOT_FOUND for a user Rockset does not have', async () => {
      await assert.rejects(adapter.deleteUser(ctx(), 'nobody@example.com'), failsWith('NOT_FOUND'));
      assert.equal((await state()).users.length, 5);
    });
  });

  it('throws NOT_FOUND with no call for a native id that cannot be a user (self and dot segments)', async () => {
    for (const id of ['self', 'SELF', '', '.', '..']) {
      await assert.rejects(adapter.updateUser(ctx(), id, { firstName: 'X' }), failsWith('NOT_FOUND'));
      await assert.rejects(adapter.deleteUser(ctx(), id), failsWith('NOT_FOUND'));
      await assert.rejects(adapter.grantRole(ctx(), id, { role: 'member', scope: { kind: 'ORGANIZATION', id: null } }), failsWith('NOT_FOUND'));
      await assert.rejects(adapter.revokeRole(ctx(), id, { role: 'member', scope: { kind: 'ORGANIZATION', id: null } }), failsWith('NOT_FOUND'));
    }
    assert.equal((await counters()).total, 0);
    assert.equal((await state()).users.length, 5);
  });

  describe('setNotificationPreferences', () => {
    it("replaces Ada's list in one POST, repeats dropped, and reads back the same", async () => {
      const stats = new UpstreamStats();
      const set = written(await adapter.setNotificationPreferences(ctx(ADA_KEY, stats), ['billing', 'create_apikey', 'billing']));
      assert.deepEqual(set, [{ notificationType: 'billing' }, { notificationType: 'create_apikey' }]);
      assert.equal(stats.calls, 1);
      assert.deepEqual((await counters()).byRoute, { [SET_PREFERENCES]: 1 });
      assert.deepEqual(await adapter.notificationPreferences(ctx()), set);
      const prefs = (await state()).preferences;
      assert.deepEqual([prefs['ada@example.com'], prefs['Grace@Example.com']], [set, []]);
    });

    it('clears the list with an empty one', async () => {
      assert.deepEqual(written(await adapter.setNotificationPreferences(ctx(), [])), []);
      assert.deepEqual((await state()).preferences['ada@example.com'], []);
    });

    it('refuses an empty notification type with no call', async () => {
      assert.deepEqual(refusals(await adapter.setNotificationPreferences(ctx(), ['billing', ''])), [['notificationTypes', 'INVALID']]);
      assert.equal((await counters()).total, 0);
    });
  });

  describe('what Rockset lacks, and secrets', () => {
    it('throws UNSUPPORTED_BY_SOURCE with no call for every write Rockset has no endpoint for, never naming the password', async () => {
      const password = 'correct-horse-battery-staple';
      const attempts: [string, () => Promise<unknown>][] = [
        ['changePassword', () => adapter.changePassword(ctx(), 'ada@example.com', password)],
        ['changeMyPassword', () => adapter.changeMyPassword(ctx(), password)],
        ['requestEmailChange', () => adapter.requestEmailChange(ctx(), 'ada@example.com', 'ada2@example.com')],
        ['confirmEmailChange', () => adapter.confirmEmailChange(ctx(), 'code-123')],
        ['cancelEmailChange', () => adapter.cancelEmailChange(ctx(), 'ada@example.com')],
        ['refreshUserToken', () => adapter.refreshUserToken(ctx(), 'ada@example.com')],
        ['syncRemoteUser', () => adapter.syncRemoteUser(ctx(), 'ada@example.com')],
      ];
      for (const [operation, attempt] of attempts) {
        await assert.rejects(attempt(), (err: unknown) => {
          failsWith('UNSUPPORTED_BY_SOURCE')(err);
          assert.match((err as Error).message, new RegExp(`does not support ${operation}$`));
          assert.ok(!everythingIn(err).includes(password) && !everythingIn(err).includes(ADA_KEY));
          return true;
        });
      }
      assert.equal((await counters()).total, 0);
    });

    it('never puts the API key in an error or a userError', async () => {
      const key = 'rockset-key-wrong-SECRET';
      await assert.rejects(adapter.createUser(ctx(key), { email: 'hedy@example.com', roles: ['member'] }), (err: unknown) => {
        failsWith('UPSTREAM_UNAUTHORIZED')(err);
        assert.ok(!everythingIn(err).includes(key), everythingIn(err));
        return true;
      });
      await assert.rejects(
        adapter.grantRole(ctx(key), 'ada@example.com', { role: 'member', scope: { kind: 'ORGANIZATION', id: null } }),
        (err: unknown) => !everythingIn(err).includes(key),
      );
      const refusedInputs = [
        await adapter.createUser(ctx(), { email: 'hedy@example.com', roles: ['superuser'] }),
        await adapter.updateUser(ctx(), 'ada@example.com', { roles: ['root'] }),
        await adapter.setNotificationPreferences(ctx(), ['']),
      ];
      for (const result of refusedInputs) assert.ok(!result.ok && !JSON.stringify(result.userErrors).includes(ADA_KEY));
      await assert.rejects(adapter.deleteUser(ctx('key\r\nx-evil: SECRET'), 'ada@example.com'), (err: unknown) => !everythingIn(err).includes('SECRET'));
    });
  });
});
