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
  REX_KEY,
  SELF,
  USERS,
  userPath,
  type WireUser,
} from './rockset-fixtures.js';

describe('Rockset simulator behaviour', () => {
  let sim: RunningSimulator;
  const state = (): Promise<RocksetStateDump> => hook<RocksetStateDump>(sim, 'GET', 'state');

  before(async () => {
    sim = await startSim('rockset', extendedSeed());
  });
  after(() => sim.close());
  beforeEach(() => hook(sim, 'POST', 'reset'));

  describe('authentication', () => {
    it('answers 401 AUTHEXCEPTION without an Authorization header', async () => {
      assertRocksetError(await call(sim, 'GET', USERS), 401, 'AUTHEXCEPTION');
    });

    it('answers 401 AUTHEXCEPTION to an unknown key and never echoes it', async () => {
      const res = await call(sim, 'GET', USERS, { headers: auth('secret-looking-key') });
      assertRocksetError(res, 401, 'AUTHEXCEPTION');
      assert.ok(!res.text.includes('secret-looking-key'));
    });

    it('answers 401 to a valid key sent with another scheme', async () => {
      assertRocksetError(await call(sim, 'GET', USERS, { headers: { authorization: `Bearer ${ADA_KEY}` } }), 401, 'AUTHEXCEPTION');
    });

    it('accepts the ApiKey scheme in any letter case', async () => {
      const res = await call(sim, 'GET', SELF, { headers: { authorization: `apikey ${ADA_KEY}` } });
      assert.equal(res.status, 200);
    });

    it('authenticates before routing, so an unknown path without a key is a 401', async () => {
      assertRocksetError(await call(sim, 'GET', '/v1/orgs/self/widgets'), 401, 'AUTHEXCEPTION');
    });

    it('logs the authenticated caller as the actor, never the key', async () => {
      await call(sim, 'GET', SELF, { headers: auth(GRACE_KEY) });
      const { entries } = await hook<{ entries: { actor?: string }[] }>(sim, 'GET', 'requests');
      assert.equal(entries.at(-1)?.actor, 'Grace@Example.com');
      assert.ok(!JSON.stringify(entries).includes(GRACE_KEY));
    });
  });

  describe('permissions', () => {
    for (const [who, key] of [
      ['a member', GRACE_KEY],
      ['a read-only user', KATHERINE_KEY],
    ] as const) {
      it(`answers 403 FORBIDDEN when ${who} creates, updates or deletes a user, and changes nothing`, async () => {
        const before = await state();
        assertRocksetError(await call(sim, 'POST', USERS, { headers: auth(key), json: { email: 'hedy@example.com', roles: ['member'] } }), 403, 'FORBIDDEN');
        assertRocksetError(await call(sim, 'POST', userPath('barbara@example.com'), { headers: auth(key), json: { roles: ['admin'] } }), 403, 'FORBIDDEN');
        assertRocksetError(await call(sim, 'DELETE', userPath('barbara@example.com'), { headers: auth(key) }), 403, 'FORBIDDEN');
        assert.deepEqual(await state(), before);
      });

      it(`lets ${who} list and get users`, async () => {
        assert.equal((await call(sim, 'GET', USERS, { headers: auth(key) })).status, 200);
        assert.equal((await call(sim, 'GET', userPath('ada@example.com'), { headers: auth(key) })).status, 200);
      });
    }

    it('answers 403 to a user whose only role is a custom one when listing users', async () => {
      assertRocksetError(await call(sim, 'GET', USERS, { headers: auth(REX_KEY) }), 403, 'FORBIDDEN');
    });

    it('lets an admin of several roles (admin + member) manage users', async () => {
      const seed = extendedSeed();
      (seed['apiKeys'] as unknown[]).push({ key: 'margaret-key', email: 'margaret@example.com' });
      const other = await startSim('rockset', seed);
      try {
        const res = await call(other, 'DELETE', userPath('barbara@example.com'), { headers: auth('margaret-key') });
        assert.equal(res.status, 200);
      } finally {
        await other.close();
      }
    });
  });

  describe('bodies: bare or wrapped per endpoint', () => {
    it('wraps the user list in data', async () => {
      const body = (await call(sim, 'GET', USERS, { headers: auth(ADA_KEY) })).json() as { data: WireUser[] };
      assert.deepEqual(Object.keys(body), ['data']);
      assert.equal(body.data.length, 6);
      assert.deepEqual(body.data[1], {
        email: 'Grace@Example.com',
        created_at: '2023-03-15T12:30:00Z',
        first_name: 'Grace',
        last_name: 'Hopper',
        roles: ['member'],
        state: 'ACTIVE',
      });
    });

    it('answers a get with a bare User', async () => {
      const body = (await call(sim, 'GET', userPath('ada@example.com'), { headers: auth(GRACE_KEY) })).json() as WireUser;
      assert.equal(body.email, 'ada@example.com');
      assert.ok(!('data' in body));
    });

    it('answers /users/self with the caller as a bare User', async () => {
      const grace = (await call(sim, 'GET', SELF, { headers: auth(GRACE_KEY) })).json() as WireUser;
      assert.equal(grace.email, 'Grace@Example.com');
      assert.deepEqual(grace.roles, ['member']);
      const katherine = (await call(sim, 'GET', SELF, { headers: auth(KATHERINE_KEY) })).json() as WireUser;
      assert.equal(katherine.email, 'katherine@example.com');
    });

    it('treats self as the literal route: DELETE /users/self is a 405 naming GET', async () => {
      const res = await call(sim, 'DELETE', SELF, { headers: auth(ADA_KEY) });
      assertRocksetError(res, 405, 'METHODNOTALLOWED');
      assert.equal(res.headers['allow'], 'GET');
      assert.equal((await state()).users.length, 6);
    });
  });

  describe('injected faults', () => {
    it('answers an injected 503 with a SERVICEUNAVAILABLE ErrorModel', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'status', status: 503, path: USERS });
      assertRocksetError(await call(sim, 'GET', USERS, { headers: auth(ADA_KEY) }), 503, 'SERVICEUNAVAILABLE');
    });

    it('answers an injected 500 with an INTERNALERROR ErrorModel carrying an error_id', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'status', status: 500 });
      const body = assertRocksetError(await call(sim, 'GET', SELF, { headers: auth(ADA_KEY) }), 500, 'INTERNALERROR');
      assert.match(body.error_id ?? '', /^[0-9a-f]{16}$/);
    });

    it('answers an injected rate limit with 429 RATELIMITEXCEEDED and Retry-After: 7', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 7 });
      const res = await call(sim, 'GET', USERS, { headers: auth(ADA_KEY) });
      assertRocksetError(res, 429, 'RATELIMITEXCEEDED');
      assert.equal(res.headers['retry-after'], '7');
    });
  });

  describe('test hooks', () => {
    it('shows writes in /__sim/state and restores the seed on /__sim/reset', async () => {
      const seeded = await state();
      await call(sim, 'POST', USERS, { headers: auth(ADA_KEY), json: { email: 'hedy@example.com', roles: ['member'] } });
      await call(sim, 'DELETE', userPath('barbara@example.com'), { headers: auth(ADA_KEY) });
      await call(sim, 'POST', PREFERENCES, { headers: auth(ADA_KEY), json: { data: [] } });
      const written = await state();
      assert.ok(written.users.some((u) => u.email === 'hedy@example.com'));
      assert.ok(!written.users.some((u) => u.email === 'barbara@example.com'));
      assert.deepEqual(written.preferences['ada@example.com'], []);
      await hook(sim, 'POST', 'reset');
      assert.deepEqual(await state(), seeded);
    });

    it("counts requests under the spec's route templates", async () => {
      await call(sim, 'GET', userPath('ada@example.com'), { headers: auth(ADA_KEY) });
      await call(sim, 'GET', userPath('grace@example.com'), { headers: auth(ADA_KEY) });
      await call(sim, 'GET', '/nope', { headers: auth(ADA_KEY) });
      const counters = await hook<{ byRoute: Record<string, number> }>(sim, 'GET', 'counters');
      assert.deepEqual(counters.byRoute, { 'GET /v1/orgs/self/users/{user}': 2, 'GET UNMATCHED': 1 });
    });
  });
});
