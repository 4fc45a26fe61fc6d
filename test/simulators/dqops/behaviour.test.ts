import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook } from '../../helpers/sim.js';
import { ADMIN, assertEmpty, assertSpringError, type DqopsStateDump, dqopsSeedCopy, startDqops, TEXT, userPath, VIEWER } from './dqops-helpers.js';

async function stateOf(sim: RunningSimulator): Promise<DqopsStateDump> {
  return hook<DqopsStateDump>(sim, 'GET', 'state');
}

async function storedUser(sim: RunningSimulator, email: string): Promise<DqopsStateDump['users'][number] | undefined> {
  return (await stateOf(sim)).users.find((u) => u.email === email);
}

describe('DQOps simulator behaviour', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startDqops();
  });
  beforeEach(async () => {
    await hook(sim, 'POST', 'reset');
  });
  after(async () => {
    await sim.close();
  });

  describe('authentication (dqops_cloud mode, the default)', () => {
    it('answers 401 with an empty body when the Authorization header is missing', async () => {
      assertEmpty(await call(sim, 'GET', '/api/users'), 401);
    });
    it('answers 401 with an empty body to a key it never issued', async () => {
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: { authorization: 'Bearer not-a-key' } }), 401);
    });
    it('treats another scheme or a third token as no token at all, so 401', async () => {
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: { authorization: 'Token dqops-key-ada-admin' } }), 401);
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: { authorization: 'bearer dqops-key-ada-admin' } }), 401);
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: { authorization: 'Bearer dqops-key-ada-admin extra' } }), 401);
    });
    it('strips surrounding double quotes from the token and takes runs of spaces as one separator', async () => {
      assert.equal((await call(sim, 'GET', '/api/users', { headers: { authorization: 'Bearer "dqops-key-ada-admin"' } })).status, 200);
      assert.equal((await call(sim, 'GET', '/api/users', { headers: { authorization: 'Bearer   dqops-key-ada-admin' } })).status, 200);
    });
    it('checks the key before routing, so an unknown path without a key is a 401 too', async () => {
      assertEmpty(await call(sim, 'GET', '/api/nothing-here'), 401);
    });
    it('sends Spring Security default headers, the 401 included', async () => {
      const res = await call(sim, 'GET', '/api/users');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'no-cache, no-store, max-age=0, must-revalidate');
    });
    it('stops accepting the key of a deleted user', async () => {
      assert.equal((await call(sim, 'DELETE', userPath('katherine@example.com'), { headers: ADMIN })).status, 204);
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: VIEWER }), 401);
    });
  });

  describe('authentication in authentication-method none mode', () => {
    let local: RunningSimulator;
    before(async () => {
      local = await startDqops(undefined, { authMode: 'none' });
    });
    after(async () => {
      await local.close();
    });

    it('runs a request without a header as the local admin', async () => {
      assertEmpty(await call(local, 'POST', '/api/users', { json: { email: 'hedy@example.com', accountRole: 'viewer' } }), 201);
      const { entries } = await hook<{ entries: RequestLogEntry[] }>(local, 'GET', 'requests');
      assert.equal(entries.at(-1)?.actor, 'ada@example.com (local admin)');
    });
    it('still answers 401 to a bearer token it does not know', async () => {
      assertEmpty(await call(local, 'GET', '/api/users', { headers: { authorization: 'Bearer wrong' } }), 401);
    });
    it('still applies a viewer key’s role', async () => {
      assertEmpty(await call(local, 'DELETE', userPath('alan@example.com'), { headers: VIEWER }), 403);
    });
  });

  describe('permissions', () => {
    it('lets a viewer list and read users', async () => {
      assert.equal((await call(sim, 'GET', '/api/users', { headers: VIEWER })).status, 200);
      assert.equal((await call(sim, 'GET', userPath('ada@example.com'), { headers: VIEWER })).status, 200);
    });
    it('answers 403 with an empty body to a viewer creating, updating, deleting or setting a password, and changes nothing', async () => {
      const before = await stateOf(sim);
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: VIEWER, json: { email: 'hedy@example.com', accountRole: 'viewer' } }), 403);
      assertEmpty(await call(sim, 'PUT', userPath('alan@example.com'), { headers: VIEWER, json: { email: 'alan@example.com', accountRole: 'admin' } }), 403);
      assertEmpty(await call(sim, 'DELETE', userPath('alan@example.com'), { headers: VIEWER }), 403);
      assertEmpty(await call(sim, 'PUT', userPath('alan@example.com', '/password'), { headers: { ...VIEWER, ...TEXT }, body: 'pwned' }), 403);
      assertEmpty(await call(sim, 'PUT', userPath('katherine@example.com', '/password'), { headers: { ...VIEWER, ...TEXT }, body: 'mine' }), 403);
      assert.deepEqual(await stateOf(sim), before);
    });
    it('answers Spring Security’s text/plain "Access Denied" to an account role of none, before routing', async () => {
      const seed = dqopsSeedCopy();
      (seed['apiKeys'] as unknown[]).push({ key: 'dqops-key-edsger', email: 'edsger@example.net' });
      const withEdsger = await startDqops(seed);
      try {
        for (const path of ['/api/users', '/api/unknown']) {
          const res = await call(withEdsger, 'GET', path, { headers: { authorization: 'Bearer dqops-key-edsger' } });
          assert.equal(res.status, 403);
          assert.equal(res.headers['content-type'], 'text/plain');
          assert.equal(res.text, 'Access Denied');
        }
      } finally {
        await withEdsger.close();
      }
    });
  });

  describe('users', () => {
    it('lists users sorted by email, each known data domain filled in as none where the user has no role', async () => {
      const res = await call(sim, 'GET', '/api/users', { headers: ADMIN });
      assert.equal(res.headers['content-type'], 'application/json');
      const users = res.json() as { email: string; dataDomainRoles: Record<string, string> }[];
      assert.deepEqual(
        users.map((u) => u.email),
        ['ada@example.com', 'alan@example.com', 'edsger@example.net', 'grace@example.com', 'katherine@example.com'],
      );
      assert.deepEqual(users[1], { email: 'alan@example.com', accountRole: 'operator', dataDomainRoles: { '(default)': 'none', datalake: 'none' } });
    });
    it('creates a user with 201 and no body, then lists it with none-filled domains and stores no none entries', async () => {
      const create = { email: 'hedy@example.com', accountRole: 'editor', dataDomainRoles: { datalake: 'viewer', '(default)': 'none' } };
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: ADMIN, json: create }), 201);
      const users = (await call(sim, 'GET', '/api/users', { headers: ADMIN })).json() as { email: string }[];
      assert.deepEqual(
        users.find((u) => u.email === 'hedy@example.com'),
        {
          email: 'hedy@example.com',
          accountRole: 'editor',
          dataDomainRoles: { '(default)': 'none', datalake: 'viewer' },
        },
      );
      assert.deepEqual(await storedUser(sim, 'hedy@example.com'), {
        email: 'hedy@example.com',
        accountRole: 'editor',
        dataDomainRoles: { datalake: 'viewer' },
        password: null,
      });
    });
    it('drops a role on a data domain the instance does not know, and still answers 201', async () => {
      assertEmpty(
        await call(sim, 'POST', '/api/users', {
          headers: ADMIN,
          json: { email: 'hedy@example.com', accountRole: 'viewer', dataDomainRoles: { warehouse: 'admin' } },
        }),
        201,
      );
      assert.deepEqual((await storedUser(sim, 'hedy@example.com'))?.dataDomainRoles, {});
    });
    it('answers 403 with an empty body to creating a user that exists (the cloud’s 4xx becomes 403; no 409)', async () => {
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'grace@example.com', accountRole: 'viewer' } }), 403);
      assert.equal((await storedUser(sim, 'grace@example.com'))?.accountRole, 'editor');
    });
    it('answers 400 with an empty body once the seed’s userLimit is reached', async () => {
      const limited = await startDqops({ ...dqopsSeedCopy(), userLimit: 5 });
      try {
        assertEmpty(await call(limited, 'POST', '/api/users', { headers: ADMIN, json: { email: 'hedy@example.com', accountRole: 'viewer' } }), 400);
        assert.equal((await stateOf(limited)).users.length, 5);
      } finally {
        await limited.close();
      }
    });
    it('updates a user with 204, replacing the roles it was sent', async () => {
      const body = { email: 'alan@example.com', accountRole: 'editor', dataDomainRoles: { datalake: 'operator' } };
      assertEmpty(await call(sim, 'PUT', userPath('alan@example.com'), { headers: ADMIN, json: body }), 204);
      const res = await call(sim, 'GET', userPath('alan@example.com'), { headers: ADMIN });
      assert.deepEqual(res.json(), { email: 'alan@example.com', accountRole: 'editor', dataDomainRoles: { '(default)': 'none', datalake: 'operator' } });
    });
    it('revokes a data domain role written as none, and keeps domain roles when the body has no map', async () => {
      assertEmpty(await call(sim, 'PUT', userPath('grace@example.com'), { headers: ADMIN, json: { email: 'grace@example.com', accountRole: 'viewer' } }), 204);
      assert.deepEqual((await storedUser(sim, 'grace@example.com'))?.dataDomainRoles, { datalake: 'editor' });
      const revoke = { email: 'grace@example.com', accountRole: 'viewer', dataDomainRoles: { datalake: 'none' } };
      assertEmpty(await call(sim, 'PUT', userPath('grace@example.com'), { headers: ADMIN, json: revoke }), 204);
      assert.deepEqual((await storedUser(sim, 'grace@example.com'))?.dataDomainRoles, {});
    });
    it('answers 406 with an empty body when the body email differs from the path email', async () => {
      const res = await call(sim, 'PUT', userPath('alan@example.com'), { headers: ADMIN, json: { email: 'Alan@example.com', accountRole: 'admin' } });
      assertEmpty(res, 406);
      assert.equal((await storedUser(sim, 'alan@example.com'))?.accountRole, 'operator');
    });
    it('deletes a user with 204, after which it is a 404 with an empty body', async () => {
      assertEmpty(await call(sim, 'DELETE', userPath('alan@example.com'), { headers: ADMIN }), 204);
      assertEmpty(await call(sim, 'GET', userPath('alan@example.com'), { headers: ADMIN }), 404);
      assert.equal(await storedUser(sim, 'alan@example.com'), undefined);
    });
    it('answers 404 with an empty body to deleting an unknown user', async () => {
      assertEmpty(await call(sim, 'DELETE', userPath('nobody@example.com'), { headers: ADMIN }), 404);
    });
    it('decodes a percent-encoded email in the path', async () => {
      const res = await call(sim, 'GET', '/api/users/katherine%40example.com', { headers: ADMIN });
      assert.equal((res.json() as { email: string }).email, 'katherine@example.com');
    });
  });

  describe('passwords', () => {
    it('refuses a JSON password body with 415 and Spring’s error JSON, leaving the password alone', async () => {
      const res = await call(sim, 'PUT', userPath('grace@example.com', '/password'), { headers: ADMIN, json: 'New-Password-1' });
      const body = assertSpringError(res, 415, '/api/users/grace%40example.com/password', 'Unsupported Media Type');
      assert.equal(body.message, "Content type 'application/json' not supported");
      assert.equal(res.headers['accept'], 'text/plain');
      assert.equal((await storedUser(sim, 'grace@example.com'))?.password, 'Cobol-1959-Nanosecond');
    });
    it('sets another user’s password from a text/plain body, taken raw, quotes and all', async () => {
      assertEmpty(
        await call(sim, 'PUT', userPath('grace@example.com', '/password'), {
          headers: { ...ADMIN, 'content-type': 'text/plain; charset=utf-8' },
          body: '"Quoted-1"',
        }),
        204,
      );
      assert.equal((await storedUser(sim, 'grace@example.com'))?.password, '"Quoted-1"');
    });
    it('changes the caller’s own password through /api/mypassword, for a viewer too', async () => {
      assertEmpty(await call(sim, 'PUT', '/api/mypassword', { headers: { ...VIEWER, ...TEXT }, body: 'Katherine-New-1' }), 204);
      assert.equal((await storedUser(sim, 'katherine@example.com'))?.password, 'Katherine-New-1');
      assert.equal((await storedUser(sim, 'ada@example.com'))?.password, 'Analytical-Engine-1843');
    });
    it('refuses a JSON body on /api/mypassword with 415', async () => {
      assertSpringError(await call(sim, 'PUT', '/api/mypassword', { headers: VIEWER, json: 'x' }), 415, '/api/mypassword', 'Unsupported Media Type');
      assert.equal((await storedUser(sim, 'katherine@example.com'))?.password, 'Orbital-Mechanics-62');
    });
  });

  describe('test hooks', () => {
    it('restores the seed on /__sim/reset', async () => {
      assertEmpty(await call(sim, 'DELETE', userPath('ada@example.com'), { headers: ADMIN }), 204);
      await hook(sim, 'POST', 'reset');
      assert.equal((await storedUser(sim, 'ada@example.com'))?.accountRole, 'admin');
    });
    it('logs the authenticated email as the actor and counts by route template', async () => {
      await call(sim, 'PUT', userPath('grace@example.com', '/password'), { headers: { ...ADMIN, ...TEXT }, body: 'x' });
      await call(sim, 'GET', '/api/nope', { headers: ADMIN });
      const { entries, counters } = await hook<{ entries: RequestLogEntry[]; counters: RequestCounters }>(sim, 'GET', 'requests');
      assert.equal(entries[0]?.actor, 'ada@example.com');
      assert.equal(counters.byRoute['PUT /api/users/{email}/password'], 1);
      assert.equal(counters.byRoute['GET UNMATCHED'], 1);
    });
  });

  describe('injected faults', () => {
    it('answers an injected 503 with Spring’s error JSON', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
      const body = assertSpringError(await call(sim, 'GET', '/api/users', { headers: ADMIN }), 503, '/api/users', 'Service Unavailable');
      assert.equal(body.message, 'Service Unavailable');
      assert.equal((await call(sim, 'GET', '/api/users', { headers: ADMIN })).status, 200);
    });
    it('answers an injected rate limit with 429, Retry-After and an empty body (a proxy’s answer; DQOps sends no 429)', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 7, times: 1 });
      const res = await call(sim, 'GET', '/api/users', { headers: ADMIN });
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '7');
      assert.equal(res.text, '');
    });
    it('answers an injected 4xx with an empty body, like every DQOps 4xx', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'status', status: 403, times: 1 });
      assertEmpty(await call(sim, 'GET', '/api/users', { headers: ADMIN }), 403);
    });
  });
});
