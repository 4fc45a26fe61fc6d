import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { hook, startSim } from '../../helpers/sim.js';
import { ADA, as, GRACE, LINUS, MARGARET, userPath, type WireUser } from './waldur-fixtures.js';

interface StateUser {
  uuid: string;
  username: string;
  token: string | null;
  password: string | null;
  job_title: string;
  is_active: boolean;
  agreement_date: string | null;
}
const USERS = '/api/users/';

describe('waldur simulator user create, update and delete', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  beforeEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  const stateUser = async (username: string): Promise<StateUser | undefined> =>
    (await hook<{ users: StateUser[] }>(sim, 'GET', 'state')).users.find((u) => u.username === username);

  it('creates a user for staff: 201, Location, a uuid.hex, date_joined now, a slug and a working token', async () => {
    const res = await as(sim, ADA.token, 'POST', USERS, { json: { username: 'hedy', email: 'hedy@example.com', first_name: 'Hedy', last_name: 'Lamarr' } });
    assert.equal(res.status, 201, res.text);
    const created = res.json() as WireUser;
    assert.match(created.uuid, /^[0-9a-f]{32}$/);
    assert.equal(res.headers['location'], `${sim.url}${USERS}${created.uuid}/`);
    assert.equal(created['url'], res.headers['location']);
    assert.equal(created['full_name'], 'Hedy Lamarr');
    assert.equal(created['slug'], 'hedy-1');
    assert.ok(Math.abs(Date.parse(created['date_joined'] as string) - Date.now()) < 60_000);
    assert.equal('token' in created, false, 'staff does not see another user’s token');
    const stored = await stateUser('hedy');
    assert.match(String(stored?.token), /^[0-9a-f]{40}$/);
    const me = await as(sim, stored!.token!, 'GET', '/api/users/me/');
    assert.equal((me.json() as WireUser).username, 'hedy');
    assert.equal((await as(sim, ADA.token, 'GET', userPath(created.uuid))).status, 200);
  });

  it('answers 400 with each failing field, in DRF’s words', async () => {
    const missing = await as(sim, ADA.token, 'POST', USERS, { json: {} });
    assert.deepEqual(missing.json(), { username: ['This field is required.'], email: ['This field is required.'] });
    const bad = await as(sim, ADA.token, 'POST', USERS, { json: { username: 'Hedy Lamarr', email: 'not-an-email', token_lifetime: 5 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.json(),
      { username: ['Enter a valid username.'], email: ['Enter a valid email address.'] },
      'token_lifetime is not writable on create',
    );
    const long = await as(sim, ADA.token, 'POST', USERS, { json: { username: 'x'.repeat(129), email: 'x@example.com', is_staff: 'maybe' } });
    assert.deepEqual(long.json(), { username: ['Ensure this field has no more than 128 characters.'], is_staff: ['Must be a valid boolean.'] });
    const taken = await as(sim, ADA.token, 'POST', USERS, { json: { username: 'grace', email: 'other@example.com' } });
    assert.deepEqual(taken.json(), { username: ['user with this username already exists.'] });
  });

  it('lets a user update herself but not her username or staff-only fields', async () => {
    const res = await as(sim, GRACE.token, 'PATCH', userPath(GRACE.uuid), {
      json: { job_title: 'Commodore', username: 'amazing', is_staff: true, email: 'x@example.com' },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.json() as WireUser;
    assert.equal(body['job_title'], 'Commodore');
    assert.equal(body.username, 'grace');
    assert.equal(body.email, 'grace@example.com', 'email is protected: it changes through change_email only');
    assert.equal(body.token, GRACE.token, 'her own record shows her token');
    const admin = (await as(sim, ADA.token, 'GET', userPath(GRACE.uuid))).json() as WireUser;
    assert.equal(admin['is_staff'], false);
    assert.equal((await stateUser('grace'))?.job_title, 'Commodore');
  });

  it('answers 403 when a non-staff user updates someone else', async () => {
    const res = await as(sim, MARGARET.token, 'PUT', userPath(GRACE.uuid), { json: { job_title: 'x' } });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { detail: 'You do not have permission to perform this action.' });
  });

  it('lets staff deactivate a user, whose token then stops working', async () => {
    const res = await as(sim, ADA.token, 'PATCH', userPath(GRACE.uuid), { json: { is_active: false } });
    assert.equal(res.status, 200);
    assert.equal((res.json() as WireUser)['is_active'], false);
    const after = await as(sim, GRACE.token, 'GET', '/api/users/me/');
    assert.deepEqual(after.json(), { detail: 'User inactive or deleted.' });
  });

  it('requires a user who never agreed to the policy to agree on update, then records the agreement', async () => {
    const refused = await as(sim, ADA.token, 'PATCH', userPath(LINUS.uuid), { json: { job_title: 'Kernel hacker' } });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json(), { agree_with_policy: ['User must agree with the policy.'] });
    const agreed = await as(sim, ADA.token, 'PATCH', userPath(LINUS.uuid), { json: { job_title: 'Kernel hacker', agree_with_policy: true } });
    assert.equal(agreed.status, 200, agreed.text);
    assert.notEqual((agreed.json() as WireUser)['agreement_date'], null);
    assert.notEqual((await stateUser('linus'))?.agreement_date, null);
  });

  it('deletes a user for staff with 204 and no body; the user is gone from the API and the state', async () => {
    const res = await as(sim, ADA.token, 'DELETE', userPath(GRACE.uuid));
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal((await as(sim, ADA.token, 'GET', userPath(GRACE.uuid))).status, 404);
    assert.equal(await stateUser('grace'), undefined);
    assert.equal((await as(sim, GRACE.token, 'GET', '/api/users/me/')).status, 401);
  });

  it('restores the seed on /__sim/reset', async () => {
    await as(sim, ADA.token, 'DELETE', userPath(GRACE.uuid));
    await as(sim, ADA.token, 'POST', USERS, { json: { username: 'hedy', email: 'hedy@example.com' } });
    await hook(sim, 'POST', 'reset');
    assert.equal(await stateUser('hedy'), undefined);
    assert.equal((await stateUser('grace'))?.token, GRACE.token);
    assert.equal((await as(sim, ADA.token, 'GET', USERS)).headers['x-result-count'], '15');
  });
});
