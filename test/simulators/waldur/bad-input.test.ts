import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createVendorSimulator } from '../../../src/simulators/index.js';
import { SeedError } from '../../../src/simulators/seed.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook, referenceSeed, startSim } from '../../helpers/sim.js';
import { ADA, as, auth, GRACE, userPath, type WireUser } from './waldur-fixtures.js';

const USERS = '/api/users/';

describe('waldur simulator bad input', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  // After every bad request the simulator must still answer a normal one.
  afterEach(async () => {
    const res = await as(sim, ADA.token, 'GET', USERS);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-result-count'], '15');
  });
  after(() => sim.close());

  it('answers malformed JSON with 400 and DRF’s "JSON parse error" detail', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, { body: '{"username": "hedy",', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400);
    assert.match((res.json() as { detail: string }).detail, /^JSON parse error - Expecting value: line 1 column \d+ \(char \d+\)$/);
  });

  it('answers a body of a content type no parser takes with 415', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, { body: 'username=hedy', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    assert.equal(res.status, 415);
    assert.deepEqual(res.json(), { detail: 'Unsupported media type "text/plain; charset=utf-8" in request.' });
  });

  it('accepts a form-encoded body as Waldur’s form parser does', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, {
      body: 'username=hedy&email=hedy%40example.com&is_support=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal((res.json() as WireUser)['is_support'], true);
    await hook(sim, 'POST', 'reset');
  });

  it('answers a JSON array where an object belongs with a non_field_errors 400', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, { json: [{ username: 'hedy' }] });
    assert.deepEqual(res.json(), { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  it('answers an unknown user, or a uuid that is not one, with 404 {"detail": "Not found."}', async () => {
    for (const uuid of ['0'.repeat(32), 'grace', '00000000-0000-0000-0000-000000000000']) {
      const res = await as(sim, ADA.token, 'GET', userPath(uuid));
      assert.equal(res.status, 404, uuid);
      assert.deepEqual(res.json(), { detail: 'Not found.' });
    }
  });

  it('finds a user by the dashed form of its uuid too, as Django’s UUIDField does', async () => {
    const dashed = GRACE.uuid.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    const res = await as(sim, ADA.token, 'GET', userPath(dashed));
    assert.equal((res.json() as WireUser).uuid, GRACE.uuid);
  });

  it('answers a body over 1 MiB with nginx’s 413 page', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, { json: { username: 'big', email: 'big@example.com', description: 'x'.repeat(1024 * 1024) } });
    assert.equal(res.status, 413);
    assert.match(res.text, /413 Request Entity Too Large/);
  });

  it('answers an unknown path with Django’s HTML 404', async () => {
    const res = await as(sim, ADA.token, 'GET', '/api/userz/');
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /<h1>Not Found<\/h1>/);
  });

  it('redirects a known path without its trailing slash (APPEND_SLASH), keeping the query', async () => {
    const res = await as(sim, ADA.token, 'GET', '/api/users/me', { query: { field: 'username' } });
    assert.equal(res.status, 301);
    assert.equal(res.headers['location'], '/api/users/me/?field=username');
  });

  it('answers a wrong method with 405, the method named and Allow listed, after authentication', async () => {
    const res = await as(sim, ADA.token, 'PATCH', USERS, { json: {} });
    assert.equal(res.status, 405);
    assert.deepEqual(res.json(), { detail: 'Method "PATCH" not allowed.' });
    assert.equal(res.headers['allow'], 'GET, HEAD, POST, OPTIONS');
    assert.equal((await call(sim, 'PATCH', USERS, { json: {} })).status, 401, 'anonymous: the 401 comes first');
  });

  it('answers OPTIONS with the view’s metadata, as DRF allows it everywhere', async () => {
    const res = await as(sim, ADA.token, 'OPTIONS', `${userPath(GRACE.uuid)}change_password/`);
    assert.equal(res.status, 200);
    assert.equal((res.json() as { name: string }).name, 'Change password');
  });

  it('answers confirm_email with a JSON array body with Django’s 500, as request.data.get fails there', async () => {
    const res = await call(sim, 'POST', '/api/users/confirm_email/', { headers: auth(GRACE.token), json: ['code'] });
    assert.equal(res.status, 500);
    assert.match(String(res.headers['content-type']), /^text\/html/);
  });
});

describe('waldur simulator bad seed', () => {
  const seed = (): Record<string, unknown[]> => structuredClone(referenceSeed()['waldur']) as Record<string, unknown[]>;

  it('throws a SeedError naming the key path of a missing field', () => {
    const bad = seed();
    delete (bad['users']![3] as Record<string, unknown>)['uuid'];
    assert.throws(
      () => createVendorSimulator('waldur', bad),
      (err: unknown) => err instanceof SeedError && /waldur\.users\[3\]\.uuid: Required/.test(err.message),
    );
  });

  it('throws a SeedError naming a role assignment that points at no user', () => {
    const bad = seed();
    (bad['roleAssignments']![2] as Record<string, unknown>)['user_uuid'] = 'f'.repeat(32);
    assert.throws(() => createVendorSimulator('waldur', bad), /invalid seed: waldur\.roleAssignments\[2\]\.user_uuid: no user with uuid f{32}/);
  });

  it('throws a SeedError for a role of the wrong scope type and for an unknown key', () => {
    const wrongScope = seed();
    (wrongScope['roleAssignments']![0] as Record<string, unknown>)['role'] = 'PROJECT.ADMIN';
    assert.throws(() => createVendorSimulator('waldur', wrongScope), /waldur\.roleAssignments\[0\]\.role: PROJECT\.ADMIN is not valid for a customer/);
    assert.throws(
      () => createVendorSimulator('waldur', { ...seed(), groups: [] }),
      (err: unknown) => err instanceof SeedError && /groups/.test(err.message),
    );
  });

  it('starts an empty instance without a seed section', () => {
    const empty = createVendorSimulator('waldur', undefined);
    assert.deepEqual((empty.state() as { users: unknown[] }).users, []);
  });
});
