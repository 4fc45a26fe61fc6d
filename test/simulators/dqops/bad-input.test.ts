import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createDqopsSimulator } from '../../../src/simulators/dqops/dqops-simulator.js';
import { SeedError } from '../../../src/simulators/seed.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook } from '../../helpers/sim.js';
import { ADMIN, assertEmpty, assertSpringError, type DqopsStateDump, dqopsSeedCopy, startDqops, TEXT, userPath, VIEWER } from './dqops-helpers.js';

describe('DQOps simulator with bad input', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startDqops();
  });
  beforeEach(async () => {
    await hook(sim, 'POST', 'reset');
  });
  // Whatever a test threw at it, the simulator must still answer a normal request.
  afterEach(async () => {
    const res = await call(sim, 'GET', '/api/users', { headers: VIEWER });
    assert.equal(res.status, 200);
    assert.equal((res.json() as unknown[]).length > 0, true);
  });
  after(async () => {
    await sim.close();
  });

  describe('request bodies', () => {
    it('answers malformed JSON with Spring’s 400 error JSON', async () => {
      const res = await call(sim, 'POST', '/api/users', { headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{"email": "hedy@' });
      const body = assertSpringError(res, 400, '/api/users', 'Bad Request');
      assert.equal(body.message, 'Failed to read HTTP message');
      assert.match(body.trace, /^org\.springframework\.web\.server\.ServerWebInputException: 400 BAD_REQUEST "Failed to read HTTP message"/);
    });
    it('answers a JSON array, an unknown role or a non-scalar email with 400, before checking the caller’s rights', async () => {
      for (const json of [
        [{ email: 'a@b.c' }],
        { email: 'a@b.c', accountRole: 'root' },
        { email: { nested: true }, accountRole: 'viewer' },
        { email: 'a@b.c', accountRole: 'viewer', dataDomainRoles: ['datalake'] },
      ]) {
        assertSpringError(await call(sim, 'POST', '/api/users', { headers: VIEWER, json }), 400, '/api/users', 'Bad Request');
      }
    });
    it('ignores unknown properties, as Spring Boot’s Jackson does', async () => {
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'hedy@example.com', accountRole: 'viewer', nickname: 'Hedy' } }), 201);
    });
    it('answers an empty body, a JSON null or a missing email with 406 and no body', async () => {
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: { ...ADMIN, 'content-type': 'application/json' }, body: '' }), 406);
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: { ...ADMIN, 'content-type': 'application/json' }, body: 'null' }), 406);
      assertEmpty(await call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: '', accountRole: 'viewer' } }), 406);
      assertEmpty(await call(sim, 'PUT', userPath('alan@example.com'), { headers: { ...ADMIN, 'content-type': 'application/json' }, body: '' }), 406);
    });
    it('answers a model without accountRole with the 500 of the service’s NullPointerException', async () => {
      const res = await call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'hedy@example.com' } });
      const body = assertSpringError(res, 500, '/api/users', 'Internal Server Error');
      assert.match(body.trace, /^java\.lang\.NullPointerException: /);
      const state = await hook<DqopsStateDump>(sim, 'GET', 'state');
      assert.equal(
        state.users.some((u) => u.email === 'hedy@example.com'),
        false,
      );
    });
    it('answers an empty password with 406 on /api/users/{email}/password and Spring’s 400 on /api/mypassword', async () => {
      assertEmpty(await call(sim, 'PUT', userPath('grace@example.com', '/password'), { headers: { ...ADMIN, ...TEXT } }), 406);
      const body = assertSpringError(await call(sim, 'PUT', '/api/mypassword', { headers: { ...VIEWER, ...TEXT } }), 400, '/api/mypassword', 'Bad Request');
      assert.equal(body.message, 'No request body');
    });
  });

  describe('content types', () => {
    it('answers a text/plain user model with 415 naming application/json in Accept', async () => {
      const res = await call(sim, 'POST', '/api/users', { headers: { ...ADMIN, ...TEXT }, body: '{"email":"hedy@example.com","accountRole":"viewer"}' });
      assertSpringError(res, 415, '/api/users', 'Unsupported Media Type');
      assert.equal(res.headers['accept'], 'application/json');
    });
    it('answers a password without any Content-Type with 415, as Spring assumes application/octet-stream', async () => {
      const res = await call(sim, 'PUT', '/api/mypassword', { headers: VIEWER, body: 'x' });
      const body = assertSpringError(res, 415, '/api/mypassword', 'Unsupported Media Type');
      assert.equal(body.message, "Content type '' not supported");
    });
  });

  describe('unknown users', () => {
    it('answers GET and DELETE of an unknown user with 404 and no body', async () => {
      assertEmpty(await call(sim, 'GET', userPath('nobody@example.com'), { headers: ADMIN }), 404);
      assertEmpty(await call(sim, 'DELETE', userPath('nobody@example.com'), { headers: ADMIN }), 404);
    });
    it('answers PUT of an unknown user or its password with the 500 of an uncaught DqoUserNotFoundException', async () => {
      const put = await call(sim, 'PUT', userPath('nobody@example.com'), { headers: ADMIN, json: { email: 'nobody@example.com', accountRole: 'viewer' } });
      assert.equal(assertSpringError(put, 500, '/api/users/nobody%40example.com', 'Internal Server Error').message, 'User nobody@example.com not found');
      const password = await call(sim, 'PUT', userPath('nobody@example.com', '/password'), { headers: { ...ADMIN, ...TEXT }, body: 'x' });
      assertSpringError(password, 500, '/api/users/nobody%40example.com/password', 'Internal Server Error');
    });
  });

  describe('oversized bodies', () => {
    it('answers a body over 1 MiB with Spring’s 413 error JSON', async () => {
      const huge = JSON.stringify({ email: 'hedy@example.com', accountRole: 'viewer', pad: 'x'.repeat(1024 * 1024) });
      const res = await call(sim, 'POST', '/api/users', { headers: { ...ADMIN, 'content-type': 'application/json' }, body: huge });
      assertSpringError(res, 413, '/api/users', 'Payload Too Large');
      const state = await hook<DqopsStateDump>(sim, 'GET', 'state');
      assert.equal(
        state.users.some((u) => u.email === 'hedy@example.com'),
        false,
      );
    });
    it('still answers 401 first to an oversized body with a bad key', async () => {
      const res = await call(sim, 'PUT', '/api/mypassword', { headers: { authorization: 'Bearer nope', ...TEXT }, body: 'x'.repeat(1024 * 1024 + 1) });
      assertEmpty(res, 401);
    });
  });

  describe('paths and methods', () => {
    it('answers an unknown path under /api with Spring’s 404 error JSON', async () => {
      const body = assertSpringError(await call(sim, 'GET', '/api/userz', { headers: ADMIN }), 404, '/api/userz', 'Not Found');
      assert.equal(body.message, null);
    });
    it('does not match a trailing slash or a path outside /api', async () => {
      assertSpringError(await call(sim, 'GET', '/api/users/', { headers: ADMIN }), 404, '/api/users/', 'Not Found');
      assertSpringError(await call(sim, 'GET', '/users', { headers: ADMIN }), 404, '/users', 'Not Found');
    });
    it('answers a wrong method with Spring’s 405 error JSON and an Allow header', async () => {
      const res = await call(sim, 'PATCH', userPath('ada@example.com'), { headers: ADMIN, json: {} });
      const body = assertSpringError(res, 405, '/api/users/ada%40example.com', 'Method Not Allowed');
      assert.equal(body.message, "Request method 'PATCH' is not supported.");
      assert.equal(res.headers['allow'], 'GET,PUT,DELETE');
    });
    it('answers OPTIONS on a known path with 200 and the allowed methods', async () => {
      const res = await call(sim, 'OPTIONS', '/api/users', { headers: ADMIN });
      assert.equal(res.status, 200);
      assert.equal(res.headers['allow'], 'GET,POST,HEAD,OPTIONS');
    });
    it('answers HEAD like GET, without a body', async () => {
      const res = await call(sim, 'HEAD', '/api/users', { headers: ADMIN });
      assert.equal(res.status, 200);
      assert.equal(res.text, '');
    });
    it('answers a malformed percent-escape in the email with 404', async () => {
      assertSpringError(await call(sim, 'GET', '/api/users/%E0%A4%A', { headers: ADMIN }), 404, '/api/users/%E0%A4%A', 'Not Found');
    });
  });
});

describe('DQOps seed validation', () => {
  function seedError(seed: unknown): string {
    try {
      createDqopsSimulator(seed);
    } catch (err) {
      assert.ok(err instanceof SeedError, `expected a SeedError, got ${String(err)}`);
      return err.message;
    }
    assert.fail('the seed was accepted');
  }

  it('names the key path of a bad account role', () => {
    const seed = dqopsSeedCopy();
    (seed['users'] as Record<string, unknown>[])[1]!['accountRole'] = 'root';
    assert.match(seedError(seed), /dqops\.users\[1\]\.accountRole: Invalid enum value/);
  });
  it('names an API key whose email is not a seeded user', () => {
    const seed = dqopsSeedCopy();
    (seed['apiKeys'] as unknown[]).push({ key: 'k', email: 'ghost@example.com' });
    assert.match(seedError(seed), /dqops\.apiKeys\[2\]\.email: "ghost@example\.com" is not a seeded user/);
  });
  it('names a data domain role on a domain the seed does not list', () => {
    const seed = dqopsSeedCopy();
    (seed['users'] as Record<string, unknown>[])[0]!['dataDomainRoles'] = { warehouse: 'admin' };
    assert.match(seedError(seed), /dqops\.users\[0\]\.dataDomainRoles\.warehouse: "warehouse" is not one of dataDomains/);
  });
  it('names duplicate users and unknown keys', () => {
    const seed = dqopsSeedCopy();
    (seed['users'] as unknown[]).push({ email: 'ada@example.com', accountRole: 'viewer' });
    assert.match(seedError(seed), /dqops\.users\[5\]\.email: duplicate user/);
    assert.match(seedError({ ...dqopsSeedCopy(), usrLimit: 3 }), /dqops: Unrecognized key\(s\) in object: 'usrLimit'/);
    assert.match(seedError({ ...dqopsSeedCopy(), userLimit: -1 }), /dqops\.userLimit: /);
  });
  it('starts an empty instance from an absent section', () => {
    const state = createDqopsSimulator(undefined).state() as DqopsStateDump;
    assert.deepEqual(state, { dataDomains: ['(default)'], userLimit: null, users: [], apiKeys: [] });
  });
});
