import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createRocksetSimulator } from '../../../src/simulators/rockset/rockset-simulator.js';
import type { RocksetStateDump } from '../../../src/simulators/rockset/state.js';
import { SeedError } from '../../../src/simulators/seed.js';
import { type RunningSimulator, startSimServer } from '../../../src/simulators/sim-server.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import { ADA_KEY, assertRocksetError, assertStillServing, auth, GRACE_KEY, PREFERENCES, rocksetSeed, USERS, userPath } from './rockset-fixtures.js';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('Rockset simulator given bad input', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSim('rockset');
  });
  after(() => sim.close());
  beforeEach(() => hook(sim, 'POST', 'reset'));

  describe('request bodies', () => {
    it('answers malformed JSON with 400 BADREQUEST and keeps serving', async () => {
      const res = await call(sim, 'POST', USERS, { headers: { ...auth(ADA_KEY), ...JSON_TYPE }, body: '{"email": "a@b.c", "roles": [' });
      assertRocksetError(res, 400, 'BADREQUEST');
      await assertStillServing(sim);
    });

    it('answers an empty body and a non-object body with 400 BADREQUEST', async () => {
      assertRocksetError(await call(sim, 'POST', USERS, { headers: { ...auth(ADA_KEY), ...JSON_TYPE }, body: '' }), 400, 'BADREQUEST');
      assertRocksetError(await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: [{ email: 'a@b.c', roles: ['member'] }] }), 400, 'BADREQUEST');
      await assertStillServing(sim);
    });

    it('answers a text/plain body with 415 UNSUPPORTEDMEDIATYPE and keeps serving', async () => {
      const body = JSON.stringify({ email: 'hedy@example.com', roles: ['member'] });
      assertRocksetError(await call(sim, 'POST', USERS, { headers: { ...auth(ADA_KEY), 'content-type': 'text/plain' }, body }), 415, 'UNSUPPORTEDMEDIATYPE');
      assertRocksetError(await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), body }), 415, 'UNSUPPORTEDMEDIATYPE');
      const state = await hook<RocksetStateDump>(sim, 'GET', 'state');
      assert.ok(!state.users.some((u) => u.email === 'hedy@example.com'));
      await assertStillServing(sim);
    });

    it('accepts application/json with a charset parameter', async () => {
      const res = await call(sim, 'POST', USERS, {
        headers: { ...auth(ADA_KEY), 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ email: 'hedy@example.com', roles: ['member'] }),
      });
      assert.equal(res.status, 200);
    });

    it('answers a body over 1 MiB with 413 CONTENTTOOLARGE and keeps serving', async () => {
      const body = JSON.stringify({ email: 'big@example.com', roles: ['member'], first_name: 'x'.repeat(1024 * 1024) });
      const res = await call(sim, 'POST', USERS, { headers: { ...auth(ADA_KEY), ...JSON_TYPE }, body });
      assertRocksetError(res, 413, 'CONTENTTOOLARGE');
      const state = await hook<RocksetStateDump>(sim, 'GET', 'state');
      assert.ok(!state.users.some((u) => u.email === 'big@example.com'));
      await assertStillServing(sim);
    });
  });

  describe('field validation', () => {
    const invalid: [string, unknown, RegExp][] = [
      ['a missing email', { roles: ['member'] }, /email/],
      ['an email that is not one', { email: 'not-an-email', roles: ['member'] }, /email/],
      ['an email that is a number', { email: 42, roles: ['member'] }, /email/],
      ['missing roles', { email: 'hedy@example.com' }, /roles/],
      ['roles that are a string', { email: 'hedy@example.com', roles: 'member' }, /roles/],
      ['an empty role list', { email: 'hedy@example.com', roles: [] }, /roles/],
      ['a role that is not a string', { email: 'hedy@example.com', roles: [1] }, /roles/],
      ['a first_name that is a number', { email: 'hedy@example.com', roles: ['member'], first_name: 7 }, /first_name/],
    ];
    for (const [what, body, field] of invalid) {
      it(`answers a create with ${what} with 400 INVALIDINPUT naming the field`, async () => {
        const error = assertRocksetError(await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: body }), 400, 'INVALIDINPUT');
        assert.match(error.message, field);
      });
    }

    it('answers an update with a last_name that is an object with 400 INVALIDINPUT naming it', async () => {
      const error = assertRocksetError(
        await call(sim, 'POST', userPath('barbara@example.com'), { headers: auth(ADA_KEY), json: { last_name: {} } }),
        400,
        'INVALIDINPUT',
      );
      assert.match(error.message, /last_name/);
    });

    it('answers preferences without data, or with an entry lacking notificationType, with 400 INVALIDINPUT', async () => {
      assert.match(
        assertRocksetError(await call(sim, 'POST', PREFERENCES, { headers: auth(GRACE_KEY), json: { data: 'all' } }), 400, 'INVALIDINPUT').message,
        /data/,
      );
      const error = assertRocksetError(
        await call(sim, 'POST', PREFERENCES, { headers: auth(GRACE_KEY), json: { data: [{ notificationType: 'x' }, { type: 'y' }] } }),
        400,
        'INVALIDINPUT',
      );
      assert.match(error.message, /data\[1\]\.notificationType/);
      const state = await hook<RocksetStateDump>(sim, 'GET', 'state');
      assert.deepEqual(state.preferences['Grace@Example.com'], []);
    });
  });

  describe('paths and methods', () => {
    it('answers an unknown user with 404 NOTFOUND for get, update and delete', async () => {
      const path = userPath('nobody@example.com');
      assertRocksetError(await call(sim, 'GET', path, { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      assertRocksetError(await call(sim, 'POST', path, { headers: auth(ADA_KEY), json: { roles: ['member'] } }), 404, 'NOTFOUND');
      assertRocksetError(await call(sim, 'DELETE', path, { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      await assertStillServing(sim);
    });

    it('answers an unknown path with 404 NOTFOUND and keeps serving', async () => {
      assertRocksetError(await call(sim, 'GET', '/v1/orgs/self/widgets', { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      assertRocksetError(await call(sim, 'GET', `${userPath('ada@example.com')}/preferences`, { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      assertRocksetError(await call(sim, 'GET', `${USERS}/%E0%A4%A`, { headers: auth(ADA_KEY) }), 404, 'NOTFOUND');
      await assertStillServing(sim);
    });

    it('answers a wrong method with 405 METHODNOTALLOWED and an Allow header', async () => {
      const put = await call(sim, 'PUT', userPath('ada@example.com'), { headers: auth(ADA_KEY), json: { roles: ['admin'] } });
      assertRocksetError(put, 405, 'METHODNOTALLOWED');
      assert.equal(put.headers['allow'], 'GET, POST, DELETE');
      const patch = await call(sim, 'PATCH', USERS, { headers: auth(ADA_KEY), json: {} });
      assertRocksetError(patch, 405, 'METHODNOTALLOWED');
      assert.equal(patch.headers['allow'], 'GET, POST');
      await assertStillServing(sim);
    });

    it('answers an Accept header that rules out JSON with 406 NOTACCEPTABLE', async () => {
      assertRocksetError(await call(sim, 'GET', USERS, { headers: { ...auth(ADA_KEY), accept: 'text/html, application/xml' } }), 406, 'NOTACCEPTABLE');
      assert.equal((await call(sim, 'GET', USERS, { headers: { ...auth(ADA_KEY), accept: 'text/html, */*;q=0.8' } })).status, 200);
      await assertStillServing(sim);
    });
  });

  describe('seed', () => {
    const badSeed = (change: (seed: Record<string, unknown>) => void): Record<string, unknown> => {
      const seed = rocksetSeed();
      change(seed);
      return seed;
    };
    const users = (seed: Record<string, unknown>) => seed['users'] as Record<string, unknown>[];

    const cases: [string, Record<string, unknown>, string][] = [
      ['a user without an email', badSeed((s) => delete users(s)[1]!['email']), 'rockset.users[1].email'],
      ['a user in an unknown state', badSeed((s) => (users(s)[0]!['state'] = 'PENDING')), 'rockset.users[0].state'],
      ['a created_at that is not ISO-8601', badSeed((s) => (users(s)[2]!['created_at'] = 'yesterday')), 'rockset.users[2].created_at'],
      ['an unknown role', badSeed((s) => (users(s)[3]!['roles'] = ['admin', 'owner'])), 'rockset.users[3].roles[1]'],
      ['the same email twice in different case', badSeed((s) => users(s).push({ email: 'ADA@example.com', roles: ['member'] })), 'rockset.users[5].email'],
      ['an API key of nobody', badSeed((s) => (s['apiKeys'] as unknown[]).push({ key: 'k', email: 'ghost@example.com' })), 'rockset.apiKeys[2].email'],
      [
        'preferences of nobody',
        badSeed((s) => ((s['preferences'] as Record<string, unknown>)['ghost@example.com'] = [])),
        'rockset.preferences.ghost@example.com',
      ],
      ['an unknown key', badSeed((s) => (s['org'] = 'acme')), 'rockset'],
    ];
    for (const [what, seed, path] of cases) {
      it(`refuses a seed with ${what}, naming ${path}`, () => {
        assert.throws(
          () => createRocksetSimulator(seed),
          (err: unknown) => err instanceof SeedError && err.code === 'BAD_SEED' && err.message.includes(`${path}:`),
        );
      });
    }

    it('starts an empty org without a seed, where no key is valid', async () => {
      const empty = createRocksetSimulator(undefined);
      assert.deepEqual(empty.state(), { users: [], apiKeys: [], preferences: {}, customRoles: [] });
      // startSim(vendor, undefined) would fall back to the reference seed, so start the server directly.
      const running = await startSimServer(empty);
      try {
        assertRocksetError(await call(running, 'GET', USERS, { headers: auth(ADA_KEY) }), 401, 'AUTHEXCEPTION');
      } finally {
        await running.close();
      }
    });
  });
});
