import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { assertValid, type ContractName, contract } from '../../helpers/contract.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import { ADA_KEY, auth, extendedSeed, GRACE_KEY, PREFERENCES, REX_KEY, SELF, USERS, userPath } from './rockset-fixtures.js';

// Every answer the simulator gives, success or documented error, validated against both Rockset
// specs: the JS 0.9.2 Swagger 2 subset (primary) and the newer go-client OpenAPI 3 subset.
const CONTRACTS: ContractName[] = ['rockset', 'rockset-go'];

const USER_T = '/v1/orgs/self/users/{user}';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  template: string;
  path: string;
  status: number;
  key?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  fault?: Record<string, unknown>;
  /** A status the spec does not declare, with the reason it is sent anyway. */
  deviation?: string;
}

const cases: Case[] = [
  // listUsers
  { name: 'listUsers answers 200 ListUsersResponse', method: 'GET', template: USERS, path: USERS, status: 200, key: ADA_KEY },
  { name: 'listUsers answers 401 without a key', method: 'GET', template: USERS, path: USERS, status: 401 },
  { name: 'listUsers answers 403 to a user without a user-listing role', method: 'GET', template: USERS, path: USERS, status: 403, key: REX_KEY },
  {
    name: 'listUsers answers 406 when Accept rules out JSON',
    method: 'GET',
    template: USERS,
    path: USERS,
    status: 406,
    key: ADA_KEY,
    headers: { accept: 'text/html' },
  },
  {
    name: 'listUsers answers an injected 429',
    method: 'GET',
    template: USERS,
    path: USERS,
    status: 429,
    key: ADA_KEY,
    fault: { kind: 'rate-limit', retryAfter: 3 },
  },
  { name: 'listUsers answers an injected 500', method: 'GET', template: USERS, path: USERS, status: 500, key: ADA_KEY, fault: { kind: 'status', status: 500 } },
  { name: 'listUsers answers an injected 503', method: 'GET', template: USERS, path: USERS, status: 503, key: ADA_KEY, fault: { kind: 'status', status: 503 } },
  // createUser
  {
    name: 'createUser answers 200 CreateUserResponse',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 200,
    key: ADA_KEY,
    json: { email: 'hedy@example.com', roles: ['member'], first_name: 'Hedy', last_name: 'Lamarr' },
  },
  {
    name: 'createUser answers 400 when roles are missing',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 400,
    key: ADA_KEY,
    json: { email: 'hedy@example.com' },
  },
  {
    name: 'createUser answers 400 to malformed JSON',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 400,
    key: ADA_KEY,
    body: '{"email": ',
    headers: { 'content-type': 'application/json' },
  },
  {
    name: 'createUser answers 401 to a wrong key',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 401,
    key: 'wrong',
    json: { email: 'hedy@example.com', roles: ['member'] },
  },
  {
    name: 'createUser answers 403 to a member',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 403,
    key: GRACE_KEY,
    json: { email: 'hedy@example.com', roles: ['member'] },
  },
  {
    name: 'createUser answers 409 for an existing email',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 409,
    key: ADA_KEY,
    json: { email: 'barbara@example.com', roles: ['member'] },
  },
  {
    name: 'createUser answers 415 to a text/plain body',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 415,
    key: ADA_KEY,
    body: '{}',
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'createUser answers 413 to a body over 1 MiB (not declared by the spec: CONTENTTOOLARGE is in its ErrorModel type enum)',
    method: 'POST',
    template: USERS,
    path: USERS,
    status: 413,
    key: ADA_KEY,
    body: JSON.stringify({ email: 'big@example.com', roles: ['member'], first_name: 'x'.repeat(1024 * 1024) }),
    headers: { 'content-type': 'application/json' },
    deviation: 'the server caps request bodies; the spec declares no 413',
  },
  // getCurrentUser
  { name: 'getCurrentUser answers 200 User', method: 'GET', template: SELF, path: SELF, status: 200, key: GRACE_KEY },
  { name: 'getCurrentUser answers 401 without a key', method: 'GET', template: SELF, path: SELF, status: 401 },
  // getUser
  { name: 'getUser answers 200 User', method: 'GET', template: USER_T, path: userPath('grace@example.com'), status: 200, key: ADA_KEY },
  {
    name: 'getUser answers 200 User for a NEW user whose names are hidden',
    method: 'GET',
    template: USER_T,
    path: userPath('katherine@example.com'),
    status: 200,
    key: ADA_KEY,
  },
  {
    name: 'getUser answers 403 to a user without a user-listing role',
    method: 'GET',
    template: USER_T,
    path: userPath('ada@example.com'),
    status: 403,
    key: REX_KEY,
  },
  { name: 'getUser answers 404 for an unknown email', method: 'GET', template: USER_T, path: userPath('nobody@example.com'), status: 404, key: ADA_KEY },
  // updateUser
  {
    name: 'updateUser answers 200 User',
    method: 'POST',
    template: USER_T,
    path: userPath('barbara@example.com'),
    status: 200,
    key: ADA_KEY,
    json: { roles: ['admin'], first_name: 'Barbara', last_name: 'Liskov' },
  },
  {
    name: 'updateUser answers 400 when roles is not a list',
    method: 'POST',
    template: USER_T,
    path: userPath('barbara@example.com'),
    status: 400,
    key: ADA_KEY,
    json: { roles: 'admin' },
  },
  {
    name: 'updateUser answers 403 to a member',
    method: 'POST',
    template: USER_T,
    path: userPath('barbara@example.com'),
    status: 403,
    key: GRACE_KEY,
    json: { roles: ['admin'] },
  },
  {
    name: 'updateUser answers 404 for an unknown email',
    method: 'POST',
    template: USER_T,
    path: userPath('nobody@example.com'),
    status: 404,
    key: ADA_KEY,
    json: { roles: ['admin'] },
  },
  // deleteUser
  { name: 'deleteUser answers 200 DeleteUserResponse', method: 'DELETE', template: USER_T, path: userPath('barbara@example.com'), status: 200, key: ADA_KEY },
  { name: 'deleteUser answers 403 to a member', method: 'DELETE', template: USER_T, path: userPath('barbara@example.com'), status: 403, key: GRACE_KEY },
  { name: 'deleteUser answers 404 for an unknown email', method: 'DELETE', template: USER_T, path: userPath('nobody@example.com'), status: 404, key: ADA_KEY },
  // listUnsubscribePreferences
  { name: 'listUnsubscribePreferences answers 200', method: 'GET', template: PREFERENCES, path: PREFERENCES, status: 200, key: ADA_KEY },
  { name: 'listUnsubscribePreferences answers 401 without a key', method: 'GET', template: PREFERENCES, path: PREFERENCES, status: 401 },
  // updateUnsubscribePreferences
  {
    name: 'updateUnsubscribePreferences answers 200',
    method: 'POST',
    template: PREFERENCES,
    path: PREFERENCES,
    status: 200,
    key: GRACE_KEY,
    json: { data: [{ notificationType: 'create_apikey' }] },
  },
  {
    name: 'updateUnsubscribePreferences answers 400 without data',
    method: 'POST',
    template: PREFERENCES,
    path: PREFERENCES,
    status: 400,
    key: GRACE_KEY,
    json: {},
  },
  {
    name: 'updateUnsubscribePreferences answers 415 without a Content-Type',
    method: 'POST',
    template: PREFERENCES,
    path: PREFERENCES,
    status: 415,
    key: GRACE_KEY,
    body: '{"data": []}',
  },
];

describe('Rockset simulator against the Rockset specs', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSim('rockset', extendedSeed());
  });
  after(() => sim.close());
  beforeEach(() => hook(sim, 'POST', 'reset'));

  for (const c of cases) {
    it(c.name, async () => {
      if (c.fault) await hook(sim, 'POST', 'faults', { ...c.fault, path: c.path });
      const headers = { ...(c.key === undefined ? {} : auth(c.key)), ...c.headers };
      const res = await call(sim, c.method, c.path, {
        headers,
        ...(c.json !== undefined ? { json: c.json } : {}),
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      assert.equal(res.status, c.status, res.text);
      for (const name of CONTRACTS) {
        const spec = contract(name);
        spec.assertResponse(c.method, c.template, res, c.deviation ? { status: c.status, because: c.deviation } : undefined);
        if (c.deviation) assertValid(spec.schema('ErrorModel'), res.json(), `${name} ErrorModel for ${c.status}`);
        if (c.status === 200 && c.json !== undefined) {
          const validate = spec.requestValidator(c.method, c.template);
          assert.ok(validate, `${name} has a request schema for ${c.method} ${c.template}`);
          assertValid(validate, c.json, `${name} request body of ${c.method} ${c.template}`);
        }
      }
    });
  }

  it('a method the path does not support answers 405 with a spec ErrorModel', async () => {
    const res = await call(sim, 'PUT', userPath('ada@example.com'), { headers: auth(ADA_KEY), json: { roles: ['admin'] } });
    assert.equal(res.status, 405);
    for (const name of CONTRACTS) {
      const spec = contract(name);
      assert.ok(spec.declaredStatuses('POST', USER_T).includes('405'));
      assertValid(spec.schema('ErrorModel'), res.json(), `${name} ErrorModel for 405`);
    }
  });

  it('an unknown path answers 404 with a spec ErrorModel', async () => {
    const res = await call(sim, 'GET', '/v1/orgs/self/widgets', { headers: auth(ADA_KEY) });
    assert.equal(res.status, 404);
    for (const name of CONTRACTS) assertValid(contract(name).schema('ErrorModel'), res.json(), `${name} ErrorModel for 404`);
  });
});
