import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import rocksetConfigure from '@rockset/client';
import type { RocksetStateDump } from '../../../src/simulators/rockset/state.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { hook, startSim } from '../../helpers/sim.js';
import { ADA_KEY, GRACE_KEY } from './rockset-fixtures.js';

// Rockset's own published client, @rockset/client 0.9.2, unchanged. `rocksetConfigure(apikey, host)`
// uses `host` as the base path as given (`basePath + "/v1/orgs/self/users"`), scheme included,
// so pointing it at `http://127.0.0.1:PORT` needs nothing special. It sends
// `Authorization: ApiKey <key>`, parses 2xx bodies as JSON and throws the parsed body otherwise.

/** What the client throws for a non-2xx answer: the parsed ErrorModel. */
function isErrorModel(type: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(typeof err === 'object' && err !== null, `expected a thrown ErrorModel, got ${String(err)}`);
    const model = err as { type?: unknown; message?: unknown; trace_id?: unknown };
    assert.equal(model.type, type);
    assert.equal(typeof model.message, 'string');
    assert.equal(typeof model.trace_id, 'string');
    return true;
  };
}

describe('the published @rockset/client 0.9.2 against the Rockset simulator', () => {
  let sim: RunningSimulator;
  let admin: ReturnType<typeof rocksetConfigure>;
  let member: ReturnType<typeof rocksetConfigure>;

  before(async () => {
    sim = await startSim('rockset');
    admin = rocksetConfigure(ADA_KEY, sim.url);
    member = rocksetConfigure(GRACE_KEY, sim.url);
  });
  after(() => sim.close());
  beforeEach(() => hook(sim, 'POST', 'reset'));

  it('lists every seeded user from the wrapped data array', async () => {
    const res = await admin.users.listUsers();
    assert.deepEqual(
      res.data?.map((u) => u.email),
      ['ada@example.com', 'Grace@Example.com', 'katherine@example.com', 'margaret@example.com', 'barbara@example.com'],
    );
    const ada = res.data?.[0];
    assert.deepEqual(ada, {
      email: 'ada@example.com',
      created_at: '2023-02-01T09:00:00Z',
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['admin'],
      state: 'ACTIVE',
    });
  });

  it('gets one user by email, whatever the case of the email it is asked for', async () => {
    const grace = await admin.users.getUser('grace@example.com');
    assert.equal(grace.email, 'Grace@Example.com');
    assert.deepEqual(grace.roles, ['member']);
    assert.equal(grace.first_name, 'Grace');
  });

  it('gets the current user for the key it was configured with', async () => {
    assert.equal((await admin.users.getCurrentUser()).email, 'ada@example.com');
    assert.equal((await member.users.getCurrentUser()).email, 'Grace@Example.com');
  });

  it('creates a user, who starts in state NEW', async () => {
    const res = await admin.users.createUser({ email: 'hedy@example.com', roles: ['member'], first_name: 'Hedy', last_name: 'Lamarr' });
    assert.equal(res.data?.email, 'hedy@example.com');
    assert.equal(res.data?.state, 'NEW');
    assert.deepEqual(res.data?.roles, ['member']);
    assert.match(res.data?.created_at ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const state = await hook<RocksetStateDump>(sim, 'GET', 'state');
    assert.ok(state.users.some((u) => u.email === 'hedy@example.com' && u.first_name === 'Hedy'));
  });

  it('updates roles and names with a POST and gets the bare user back', async () => {
    const updated = await admin.users.updateUser('barbara@example.com', { roles: ['read-only'], first_name: 'Barbara H.', last_name: 'Liskov' });
    assert.equal(updated.email, 'barbara@example.com');
    assert.deepEqual(updated.roles, ['read-only']);
    assert.equal(updated.first_name, 'Barbara H.');
    assert.deepEqual((await admin.users.getUser('barbara@example.com')).roles, ['read-only']);
  });

  it('deletes a user, gets it back wrapped, and then a get throws the 404 ErrorModel', async () => {
    const res = await admin.users.deleteUser('barbara@example.com');
    assert.equal(res.data?.email, 'barbara@example.com');
    await assert.rejects(admin.users.getUser('barbara@example.com'), isErrorModel('NOTFOUND'));
  });

  it('reads and sets the notification preferences of the caller', async () => {
    assert.deepEqual(await admin.users.listUnsubscribePreferences(), { data: [{ notificationType: 'create_apikey' }] });
    const set = await member.users.updateUnsubscribePreferences({ data: [{ notificationType: 'create_apikey' }, { notificationType: 'billing' }] });
    assert.deepEqual(set.data, [{ notificationType: 'create_apikey' }, { notificationType: 'billing' }]);
    assert.deepEqual((await member.users.listUnsubscribePreferences()).data, set.data);
    assert.deepEqual((await admin.users.listUnsubscribePreferences()).data, [{ notificationType: 'create_apikey' }]);
  });

  it('throws the 403 ErrorModel when a member tries to create a user', async () => {
    await assert.rejects(member.users.createUser({ email: 'x@example.com', roles: ['member'] }), isErrorModel('FORBIDDEN'));
  });

  it('throws the 401 ErrorModel for an unknown API key', async () => {
    const stranger = rocksetConfigure('not-a-key', sim.url);
    await assert.rejects(stranger.users.listUsers(), isErrorModel('AUTHEXCEPTION'));
  });

  it('reaches each operation at the route the spec names', async () => {
    await admin.users.listUsers();
    await admin.users.getCurrentUser();
    await admin.users.getUser('ada@example.com');
    await admin.users.createUser({ email: 'hedy@example.com', roles: ['member'] });
    await admin.users.updateUser('hedy@example.com', { roles: ['admin'] });
    await admin.users.deleteUser('hedy@example.com');
    await admin.users.listUnsubscribePreferences();
    await admin.users.updateUnsubscribePreferences({ data: [] });
    const counters = await hook<{ byRoute: Record<string, number> }>(sim, 'GET', 'counters');
    assert.deepEqual(counters.byRoute, {
      'GET /v1/orgs/self/users': 1,
      'GET /v1/orgs/self/users/self': 1,
      'GET /v1/orgs/self/users/{user}': 1,
      'POST /v1/orgs/self/users': 1,
      'POST /v1/orgs/self/users/{user}': 1,
      'DELETE /v1/orgs/self/users/{user}': 1,
      'GET /v1/orgs/self/users/self/preferences': 1,
      'POST /v1/orgs/self/users/self/preferences': 1,
    });
  });
});
