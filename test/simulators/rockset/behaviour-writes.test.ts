import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RocksetStateDump } from '../../../src/simulators/rockset/state.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import {
  ADA_KEY,
  assertRocksetError,
  auth,
  extendedSeed,
  GRACE_KEY,
  KATHERINE_KEY,
  PREFERENCES,
  SELF,
  USERS,
  userPath,
  type WireUser,
} from './rockset-fixtures.js';

describe('Rockset simulator behaviour: writes', () => {
  let sim: RunningSimulator;
  const state = (): Promise<RocksetStateDump> => hook<RocksetStateDump>(sim, 'GET', 'state');
  const stored = async (email: string) => (await state()).users.find((u) => u.email.toLowerCase() === email.toLowerCase());

  before(async () => {
    sim = await startSim('rockset', extendedSeed());
  });
  after(() => sim.close());
  beforeEach(() => hook(sim, 'POST', 'reset'));

  describe('create', () => {
    it('creates a NEW user with created_at now, wrapped in data', async () => {
      const started = Date.now();
      const res = await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: { email: 'hedy@example.com', roles: ['member', 'read-only'] } });
      assert.equal(res.status, 200);
      const { data } = res.json() as { data: WireUser };
      assert.equal(data.email, 'hedy@example.com');
      assert.equal(data.state, 'NEW');
      assert.deepEqual(data.roles, ['member', 'read-only']);
      assert.match(data.created_at ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.ok(Math.abs(Date.parse(data.created_at ?? '') - started) < 5_000);
      assert.equal((await stored('hedy@example.com'))?.state, 'NEW');
    });

    it('keeps the names of a NEW user but does not show them until the user is ACTIVE', async () => {
      const res = await call(sim, 'POST', USERS, {
        headers: auth(ADA_KEY),
        json: { email: 'hedy@example.com', roles: ['member'], first_name: 'Hedy', last_name: 'Lamarr' },
      });
      const { data } = res.json() as { data: WireUser };
      assert.equal(data.first_name, undefined);
      assert.equal(data.last_name, undefined);
      const kept = await stored('hedy@example.com');
      assert.equal(kept?.first_name, 'Hedy');
      assert.equal(kept?.last_name, 'Lamarr');
      const katherine = (await call(sim, 'GET', userPath('katherine@example.com'), { headers: auth(ADA_KEY) })).json() as WireUser;
      assert.deepEqual(Object.keys(katherine).sort(), ['created_at', 'email', 'roles', 'state']);
    });

    it('answers 409 ALREADYEXISTS for an email that exists in another letter case', async () => {
      const res = await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: { email: 'GRACE@example.com', roles: ['member'] } });
      assertRocksetError(res, 409, 'ALREADYEXISTS');
      assert.equal((await state()).users.length, 6);
    });

    it('accepts a custom role the org has and refuses an unknown one, naming roles', async () => {
      const ok = await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: { email: 'hedy@example.com', roles: ['auditor'] } });
      assert.equal(ok.status, 200);
      const bad = assertRocksetError(
        await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: { email: 'ida@example.com', roles: ['superuser'] } }),
        400,
        'INVALIDINPUT',
      );
      assert.match(bad.message, /roles/);
    });
  });

  describe('update', () => {
    it('changes roles and names of an ACTIVE user and answers the bare User', async () => {
      const res = await call(sim, 'POST', userPath('barbara@example.com'), {
        headers: auth(ADA_KEY),
        json: { roles: ['admin'], first_name: 'Babs', last_name: 'L.' },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), {
        email: 'barbara@example.com',
        created_at: '2023-07-04T16:20:00Z',
        first_name: 'Babs',
        last_name: 'L.',
        roles: ['admin'],
        state: 'ACTIVE',
      });
      const kept = await stored('barbara@example.com');
      assert.deepEqual(kept?.roles, ['admin']);
      assert.equal(kept?.first_name, 'Babs');
    });

    it('leaves absent fields as they were and ignores an email in the body', async () => {
      const res = await call(sim, 'POST', userPath('GRACE@EXAMPLE.COM'), {
        headers: auth(ADA_KEY),
        json: { last_name: 'Murray Hopper', email: 'other@example.com' },
      });
      assert.equal(res.status, 200);
      const body = res.json() as WireUser;
      assert.equal(body.email, 'Grace@Example.com');
      assert.equal(body.first_name, 'Grace');
      assert.equal(body.last_name, 'Murray Hopper');
      assert.deepEqual(body.roles, ['member']);
    });

    it('stores new names of a NEW user without showing them', async () => {
      const res = await call(sim, 'POST', userPath('katherine@example.com'), { headers: auth(ADA_KEY), json: { first_name: 'Kathy', roles: ['member'] } });
      const body = res.json() as WireUser;
      assert.equal(body.first_name, undefined);
      assert.deepEqual(body.roles, ['member']);
      assert.equal((await stored('katherine@example.com'))?.first_name, 'Kathy');
    });
  });

  describe('delete', () => {
    it('answers the deleted user wrapped in data, after which it is a 404', async () => {
      const res = await call(sim, 'DELETE', userPath('barbara@example.com'), { headers: auth(ADA_KEY) });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), {
        data: {
          email: 'barbara@example.com',
          created_at: '2023-07-04T16:20:00Z',
          first_name: 'Barbara',
          last_name: 'Liskov',
          roles: ['member'],
          state: 'ACTIVE',
        },
      });
      assertRocksetError(await call(sim, 'GET', userPath('barbara@example.com'), { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      assertRocksetError(await call(sim, 'DELETE', userPath('barbara@example.com'), { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      assert.equal(await stored('barbara@example.com'), undefined);
    });

    it('takes the API keys and preferences of a deleted user with it', async () => {
      await call(sim, 'DELETE', userPath('grace@example.com'), { headers: auth(ADA_KEY) });
      assertRocksetError(await call(sim, 'GET', SELF, { headers: auth(GRACE_KEY) }), 401, 'AUTHEXCEPTION');
      const after = await state();
      assert.ok(!after.apiKeys.some((k) => k.key === GRACE_KEY));
      assert.ok(!('Grace@Example.com' in after.preferences));
    });
  });

  describe('notification preferences', () => {
    it("reads the caller's own list", async () => {
      assert.deepEqual((await call(sim, 'GET', PREFERENCES, { headers: auth(ADA_KEY) })).json(), { data: [{ notificationType: 'create_apikey' }] });
      assert.deepEqual((await call(sim, 'GET', PREFERENCES, { headers: auth(GRACE_KEY) })).json(), { data: [] });
    });

    it("replaces the caller's list, drops repeats, and leaves other users alone", async () => {
      const res = await call(sim, 'POST', PREFERENCES, {
        headers: auth(GRACE_KEY),
        json: { data: [{ notificationType: 'create_apikey' }, { notificationType: 'billing' }, { notificationType: 'billing' }] },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { data: [{ notificationType: 'create_apikey' }, { notificationType: 'billing' }] });
      const prefs = (await state()).preferences;
      assert.deepEqual(prefs['Grace@Example.com'], [{ notificationType: 'create_apikey' }, { notificationType: 'billing' }]);
      assert.deepEqual(prefs['ada@example.com'], [{ notificationType: 'create_apikey' }]);
      const cleared = await call(sim, 'POST', PREFERENCES, { headers: auth(GRACE_KEY), json: { data: [] } });
      assert.deepEqual(cleared.json(), { data: [] });
    });

    it('lets a read-only user set their own preferences', async () => {
      const res = await call(sim, 'POST', PREFERENCES, { headers: auth(KATHERINE_KEY), json: { data: [{ notificationType: 'create_apikey' }] } });
      assert.equal(res.status, 200);
      assert.deepEqual((await state()).preferences['katherine@example.com'], [{ notificationType: 'create_apikey' }]);
    });
  });
});
