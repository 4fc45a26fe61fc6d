import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import { ADA, ANALYST01, as, GRACE, MARGARET, userPath, type WireUser } from './waldur-fixtures.js';

interface OutboxMessage {
  user_uuid: string;
  email: string;
  code: string;
  sent_at: string;
}
const CONFIRM = '/api/users/confirm_email/';
const grace = (action: string): string => `${userPath(GRACE.uuid)}${action}/`;

describe('waldur simulator email change flow', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  beforeEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  const outbox = async (): Promise<OutboxMessage[]> => (await hook<{ messages: OutboxMessage[] }>(sim, 'GET', 'outbox')).messages;
  const graceRecord = async (): Promise<WireUser> => (await as(sim, ADA.token, 'GET', userPath(GRACE.uuid))).json() as WireUser;

  it('requests a change, emails a code, confirms it, and the email changes', async () => {
    const requested = await as(sim, GRACE.token, 'POST', grace('change_email'), { json: { email: 'amazing.grace@example.com' } });
    assert.equal(requested.status, 200);
    assert.deepEqual(requested.json(), { detail: 'The change email request has been successfully created.' });
    assert.equal((await graceRecord()).requested_email, 'amazing.grace@example.com');
    const [message] = await outbox();
    assert.equal(message?.user_uuid, GRACE.uuid);
    assert.equal(message?.email, 'amazing.grace@example.com');
    assert.match(String(message?.code), /^[0-9a-f]{32}$/);
    assert.ok(!Number.isNaN(Date.parse(String(message?.sent_at))));

    const confirmed = await as(sim, GRACE.token, 'POST', CONFIRM, { json: { code: message!.code } });
    assert.equal(confirmed.status, 200);
    assert.deepEqual(confirmed.json(), { detail: 'Email has been successfully updated.' });
    const after = await graceRecord();
    assert.equal(after.email, 'amazing.grace@example.com');
    assert.equal(after.requested_email, null);
    assert.equal((await as(sim, GRACE.token, 'POST', CONFIRM, { json: { code: message!.code } })).status, 404, 'a code works once');
  });

  it('confirms without any credentials: the code is the proof (confirm_email skips permission checks)', async () => {
    await as(sim, GRACE.token, 'POST', grace('change_email'), { json: { email: 'hopper@example.net' } });
    const [message] = await outbox();
    const res = await call(sim, 'POST', CONFIRM, { json: { code: message!.code.toUpperCase() } });
    assert.equal(res.status, 200);
    assert.equal((await graceRecord()).email, 'hopper@example.net');
  });

  it('answers confirm_email errors as bare JSON arrays, and an unknown code with 404', async () => {
    for (const body of [{}, { code: 'not-a-uuid' }, { code: 42 }]) {
      const res = await as(sim, GRACE.token, 'POST', CONFIRM, { json: body });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json(), ['The confirmation code is required.']);
    }
    const unknown = await as(sim, GRACE.token, 'POST', CONFIRM, { json: { code: 'a'.repeat(32) } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json(), { detail: 'Not found.' });
  });

  it('cancels a pending change: requested_email clears, and a second cancel says there is none', async () => {
    await as(sim, GRACE.token, 'POST', grace('change_email'), { json: { email: 'amazing.grace@example.com' } });
    const cancelled = await as(sim, GRACE.token, 'POST', grace('cancel_change_email'));
    assert.deepEqual(cancelled.json(), { detail: 'The change email request has been successfully deleted.' });
    assert.equal((await graceRecord()).requested_email, null);
    const again = await as(sim, GRACE.token, 'POST', grace('cancel_change_email'));
    assert.equal(again.status, 200);
    assert.deepEqual(again.json(), { detail: 'The change email request has not been found.' });
  });

  it('answers 400 with a field error for an invalid address, and 403 for someone else’s account', async () => {
    const bad = await as(sim, GRACE.token, 'POST', grace('change_email'), { json: { email: 'grace' } });
    assert.deepEqual(bad.json(), { email: ['Enter a valid email address.'] });
    const other = await as(sim, MARGARET.token, 'POST', grace('change_email'), { json: { email: 'x@example.com' } });
    assert.equal(other.status, 403);
    assert.equal((await outbox()).length, 0);
  });
});

describe('waldur simulator tokens, passwords and remote users', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  beforeEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  it('shows staff a user’s token, and refuses non-staff with 403', async () => {
    const res = await as(sim, ADA.token, 'GET', grace('token'));
    assert.equal(res.status, 200);
    const body = res.json() as Record<string, unknown>;
    assert.equal(body['token'], GRACE.token);
    assert.equal(body['user_username'], 'grace');
    assert.equal(body['user_token_lifetime'], 3600);
    assert.equal((await as(sim, GRACE.token, 'GET', grace('token'))).status, 403);
  });

  it('refresh_token issues a new token (201) and the old one stops working', async () => {
    const res = await as(sim, ADA.token, 'POST', grace('refresh_token'));
    assert.equal(res.status, 201);
    const fresh = (res.json() as { token: string }).token;
    assert.match(fresh, /^[0-9a-f]{40}$/);
    const old = await as(sim, GRACE.token, 'GET', '/api/users/me/');
    assert.equal(old.status, 401);
    assert.deepEqual(old.json(), { detail: 'Invalid token.' });
    assert.equal((await as(sim, fresh, 'GET', '/api/users/me/')).status, 200);
  });

  it('change_password stores the new password for staff and answers {"status": "password set"}', async () => {
    const res = await as(sim, ADA.token, 'POST', grace('change_password'), { json: { new_password: 'Correct-Horse-9' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'password set' });
    const state = await hook<{ users: { username: string; password: string }[] }>(sim, 'GET', 'state');
    assert.equal(state.users.find((u) => u.username === 'grace')?.password, 'Correct-Horse-9');
  });

  it('change_password is 403 for a non-staff user, even for her own account, and the password stays', async () => {
    const res = await as(sim, GRACE.token, 'POST', grace('change_password'), { json: { new_password: 'mine' } });
    assert.equal(res.status, 403);
    const state = await hook<{ users: { username: string; password: string }[] }>(sim, 'GET', 'state');
    assert.equal(state.users.find((u) => u.username === 'grace')?.password, 'Waldur-Grace-2024');
  });

  it('change_password answers field errors for a missing or blank password', async () => {
    assert.deepEqual((await as(sim, ADA.token, 'POST', grace('change_password'), { json: {} })).json(), { new_password: ['This field is required.'] });
    assert.deepEqual((await as(sim, ADA.token, 'POST', grace('change_password'), { json: { new_password: '  ' } })).json(), {
      new_password: ['This field may not be blank.'],
    });
  });

  it('pull_remote_user answers 200 with no body for an eduTEAMS user and a bare-array 400 for a local one', async () => {
    const remote = await as(sim, ADA.token, 'POST', `${userPath(ANALYST01.uuid)}pull_remote_user/`);
    assert.equal(remote.status, 200);
    assert.equal(remote.text, '');
    const local = await as(sim, GRACE.token, 'POST', grace('pull_remote_user'));
    assert.equal(local.status, 400);
    assert.deepEqual(local.json(), ['User is not managed by eduTEAMS.']);
  });
});
