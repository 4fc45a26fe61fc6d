import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { assertValid, contract } from '../../helpers/contract.js';
import { type CallResult, call, hook } from '../../helpers/sim.js';
import { ADMIN, dqopsSeedCopy, startDqops, TEXT, userPath, VIEWER } from './dqops-helpers.js';

const dqops = contract('dqops');

// contracts/dqops README: the writes answer 204 where the swagger says 201 (PUT) or 200 (DELETE).
const PUT_204 = { status: 204, because: 'contracts/dqops README: UsersController answers 204 NO_CONTENT; the swagger says 201' };
const DELETE_204 = { status: 204, because: 'contracts/dqops README: deleteUser answers 204 NO_CONTENT; the swagger says 200' };

/** A key for edsger, whose account role is `none` (the reference seed gives him no key). */
const NONE_ROLE = { authorization: 'Bearer dqops-key-edsger-none' };

/**
 * contracts/dqops README: a real 500 body has an ISO-string `timestamp` (WRITE_DATES_AS_TIMESTAMPS
 * false), where the swagger's SpringErrorPayload says int64. The rest of the body is validated
 * against the spec's schema; the timestamp is checked for the form the README gives.
 */
function assertSpring500(method: string, template: string, res: CallResult): void {
  assert.equal(res.status, 500);
  assert.ok(dqops.declaredStatuses(method, template).includes('500'), `${method} ${template} declares no 500`);
  const { timestamp, ...rest } = res.json() as Record<string, unknown>;
  assert.match(String(timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  assertValid(dqops.responseValidator(method, template, 500)!, rest, `${method} ${template} 500 (timestamp aside)`);
}

async function injectOne500(sim: RunningSimulator): Promise<void> {
  await hook(sim, 'POST', 'faults', { kind: 'status', status: 500, times: 1 });
}

describe('DQOps simulator against the DQOps swagger', () => {
  let sim: RunningSimulator;

  before(async () => {
    const seed = dqopsSeedCopy();
    (seed['apiKeys'] as unknown[]).push({ key: 'dqops-key-edsger-none', email: 'edsger@example.net' });
    seed['userLimit'] = 6;
    sim = await startDqops(seed);
  });
  beforeEach(async () => {
    await hook(sim, 'POST', 'reset');
  });
  after(async () => {
    await sim.close();
  });

  describe('GET /api/users', () => {
    it('answers 200 with an array of DqoUserRolesModel', async () => {
      const res = await call(sim, 'GET', '/api/users', { headers: VIEWER });
      assert.equal(res.status, 200);
      dqops.assertResponse('GET', '/api/users', res);
      assert.equal((res.json() as unknown[]).length, 5);
    });
    it('answers 403 to a caller whose account role is none', async () => {
      dqops.assertResponse('GET', '/api/users', await expectStatus(call(sim, 'GET', '/api/users', { headers: NONE_ROLE }), 403));
    });
    it('answers an injected 500 with a Spring error body', async () => {
      await injectOne500(sim);
      assertSpring500('GET', '/api/users', await call(sim, 'GET', '/api/users', { headers: ADMIN }));
    });
    it('answers 401 without a key, which the swagger does not declare (README: the auth filter)', async () => {
      const res = await expectStatus(call(sim, 'GET', '/api/users'), 401);
      dqops.assertResponse('GET', '/api/users', res, { status: 401, because: 'contracts/dqops README: the auth filter answers 401 with an empty body' });
    });
  });

  describe('GET /api/users/{email}', () => {
    it('answers 200 with a DqoUserRolesModel', async () => {
      const res = await expectStatus(call(sim, 'GET', userPath('grace@example.com'), { headers: VIEWER }), 200);
      dqops.assertResponse('GET', '/api/users/{email}', res);
      assertValid(dqops.schema('DqoUserRolesModel'), res.json(), 'getUser');
    });
    it('answers 404 for an unknown user', async () => {
      dqops.assertResponse('GET', '/api/users/{email}', await expectStatus(call(sim, 'GET', userPath('nobody@example.com'), { headers: VIEWER }), 404));
    });
    it('answers 403 to a caller whose account role is none', async () => {
      dqops.assertResponse('GET', '/api/users/{email}', await expectStatus(call(sim, 'GET', userPath('ada@example.com'), { headers: NONE_ROLE }), 403));
    });
    it('answers an injected 500 with a Spring error body', async () => {
      await injectOne500(sim);
      assertSpring500('GET', '/api/users/{email}', await call(sim, 'GET', userPath('ada@example.com'), { headers: ADMIN }));
    });
  });

  describe('POST /api/users', () => {
    const body = { email: 'hedy@example.com', accountRole: 'editor', dataDomainRoles: { datalake: 'viewer', '(default)': 'none' } };

    it('accepts a body that validates against the request schema and answers 201', async () => {
      assertValid(dqops.requestValidator('POST', '/api/users')!, body, 'createUser request');
      dqops.assertResponse('POST', '/api/users', await expectStatus(call(sim, 'POST', '/api/users', { headers: ADMIN, json: body }), 201));
    });
    it('answers 400 over the user limit', async () => {
      await expectStatus(call(sim, 'POST', '/api/users', { headers: ADMIN, json: body }), 201);
      const res = await expectStatus(call(sim, 'POST', '/api/users', { headers: ADMIN, json: { ...body, email: 'ida@example.com' } }), 400);
      dqops.assertResponse('POST', '/api/users', res);
    });
    it('answers 403 to a viewer', async () => {
      dqops.assertResponse('POST', '/api/users', await expectStatus(call(sim, 'POST', '/api/users', { headers: VIEWER, json: body }), 403));
    });
    it('answers 406 without an email', async () => {
      const res = await expectStatus(call(sim, 'POST', '/api/users', { headers: ADMIN, json: { accountRole: 'viewer' } }), 406);
      dqops.assertResponse('POST', '/api/users', res);
    });
    it('answers 500 with a Spring error body when accountRole is missing', async () => {
      assertSpring500('POST', '/api/users', await call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'x@example.com' } }));
    });
  });

  describe('PUT /api/users/{email}', () => {
    const body = { email: 'alan@example.com', accountRole: 'editor', dataDomainRoles: { datalake: 'operator' } };

    it('accepts a body that validates against the request schema and answers 204 (README; the swagger says 201)', async () => {
      assertValid(dqops.requestValidator('PUT', '/api/users/{email}')!, body, 'updateUser request');
      const res = await expectStatus(call(sim, 'PUT', userPath('alan@example.com'), { headers: ADMIN, json: body }), 204);
      dqops.assertResponse('PUT', '/api/users/{email}', res, PUT_204);
    });
    it('answers 403 to a viewer', async () => {
      dqops.assertResponse(
        'PUT',
        '/api/users/{email}',
        await expectStatus(call(sim, 'PUT', userPath('alan@example.com'), { headers: VIEWER, json: body }), 403),
      );
    });
    it('answers 406 when the body email differs from the path', async () => {
      const res = await expectStatus(call(sim, 'PUT', userPath('grace@example.com'), { headers: ADMIN, json: body }), 406);
      dqops.assertResponse('PUT', '/api/users/{email}', res);
    });
    it('answers 500 with a Spring error body for an unknown user (README: uncaught DqoUserNotFoundException)', async () => {
      const res = await call(sim, 'PUT', userPath('nobody@example.com'), { headers: ADMIN, json: { ...body, email: 'nobody@example.com' } });
      assertSpring500('PUT', '/api/users/{email}', res);
    });
  });

  describe('DELETE /api/users/{email}', () => {
    it('answers 204 (README; the swagger says 200)', async () => {
      dqops.assertResponse(
        'DELETE',
        '/api/users/{email}',
        await expectStatus(call(sim, 'DELETE', userPath('alan@example.com'), { headers: ADMIN }), 204),
        DELETE_204,
      );
    });
    it('answers 404 for an unknown user', async () => {
      dqops.assertResponse('DELETE', '/api/users/{email}', await expectStatus(call(sim, 'DELETE', userPath('nobody@example.com'), { headers: ADMIN }), 404));
    });
    it('answers 403 to a viewer', async () => {
      dqops.assertResponse('DELETE', '/api/users/{email}', await expectStatus(call(sim, 'DELETE', userPath('alan@example.com'), { headers: VIEWER }), 403));
    });
    it('answers an injected 500 with a Spring error body', async () => {
      await injectOne500(sim);
      assertSpring500('DELETE', '/api/users/{email}', await call(sim, 'DELETE', userPath('alan@example.com'), { headers: ADMIN }));
    });
  });

  describe('PUT /api/users/{email}/password', () => {
    const template = '/api/users/{email}/password';

    it('accepts a text/plain string body that validates against the request schema and answers 204 (README; the swagger says 201)', async () => {
      assertValid(dqops.requestValidator('PUT', template)!, 'New-Password-1', 'changeUserPassword request');
      const res = await expectStatus(
        call(sim, 'PUT', userPath('grace@example.com', '/password'), { headers: { ...ADMIN, ...TEXT }, body: 'New-Password-1' }),
        204,
      );
      dqops.assertResponse('PUT', template, res, PUT_204);
    });
    it('answers 403 to a viewer, even for her own email', async () => {
      const res = await expectStatus(call(sim, 'PUT', userPath('katherine@example.com', '/password'), { headers: { ...VIEWER, ...TEXT }, body: 'x' }), 403);
      dqops.assertResponse('PUT', template, res);
    });
    it('answers 406 for an empty password', async () => {
      const res = await expectStatus(call(sim, 'PUT', userPath('grace@example.com', '/password'), { headers: { ...ADMIN, ...TEXT }, body: '' }), 406);
      dqops.assertResponse('PUT', template, res);
    });
    it('answers 500 with a Spring error body for an unknown user', async () => {
      assertSpring500('PUT', template, await call(sim, 'PUT', userPath('nobody@example.com', '/password'), { headers: { ...ADMIN, ...TEXT }, body: 'x' }));
    });
  });

  describe('PUT /api/mypassword', () => {
    it('accepts a text/plain string body and answers 204 (README; the swagger says 201)', async () => {
      assertValid(dqops.requestValidator('PUT', '/api/mypassword')!, 'Mine-1', 'changeCallerPassword request');
      const res = await expectStatus(call(sim, 'PUT', '/api/mypassword', { headers: { ...VIEWER, ...TEXT }, body: 'Mine-1' }), 204);
      dqops.assertResponse('PUT', '/api/mypassword', res, PUT_204);
    });
    it('answers 403 to a caller whose account role is none', async () => {
      const res = await expectStatus(call(sim, 'PUT', '/api/mypassword', { headers: { ...NONE_ROLE, ...TEXT }, body: 'x' }), 403);
      dqops.assertResponse('PUT', '/api/mypassword', res);
    });
    it('answers an injected 500 with a Spring error body', async () => {
      await injectOne500(sim);
      assertSpring500('PUT', '/api/mypassword', await call(sim, 'PUT', '/api/mypassword', { headers: { ...VIEWER, ...TEXT }, body: 'x' }));
    });
    it('answers 415 to a JSON body, which the swagger does not declare (README: consumes text/plain)', async () => {
      const res = await expectStatus(call(sim, 'PUT', '/api/mypassword', { headers: VIEWER, json: 'x' }), 415);
      assert.equal(res.headers['content-type'], 'application/json');
      dqops.assertResponse('PUT', '/api/mypassword', res, {
        status: 415,
        because: 'contracts/dqops README: Spring refuses a JSON body where consumes is text/plain',
      });
    });
  });
});

async function expectStatus(pending: Promise<CallResult>, status: number): Promise<CallResult> {
  const res = await pending;
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 200)}`);
  return res;
}
