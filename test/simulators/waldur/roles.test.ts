import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { hook, startSim } from '../../helpers/sim.js';
import { ADA, ANALYST01, APOLLO, as, COMPILERS, ENGINES, GRACE, LINUS, MARGARET, userPath, type WireUser } from './waldur-fixtures.js';

const scope = (collection: 'customers' | 'projects', uuid: string, action: string): string => `/api/${collection}/${uuid}/${action}/`;
interface RoleRow {
  user_username: string;
  role_name: string;
  expiration_time: string | null;
  created_by_uuid?: string;
}

describe('waldur simulator role management', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  beforeEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  const permissionsOf = async (uuid: string): Promise<WireUser['permissions']> =>
    ((await as(sim, ADA.token, 'GET', userPath(uuid))).json() as WireUser).permissions;
  const members = async (collection: 'customers' | 'projects', uuid: string): Promise<RoleRow[]> =>
    (await as(sim, ADA.token, 'GET', scope(collection, uuid, 'list_users'))).json() as RoleRow[];

  it('add_user grants a role (201, expiration from YYYY-MM-DD) that shows in permissions and list_users', async () => {
    const res = await as(sim, ADA.token, 'POST', scope('projects', COMPILERS, 'add_user'), {
      json: { user: ANALYST01.uuid, role: 'PROJECT.MEMBER', expiration_time: '2099-12-31' },
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.json(), { expiration_time: '2099-12-31T00:00:00Z' });
    const granted = (await permissionsOf(ANALYST01.uuid)).find((p) => p.scope_uuid === COMPILERS);
    assert.equal(granted?.role_name, 'PROJECT.MEMBER');
    assert.equal(granted?.scope_type, 'project');
    assert.equal(granted?.['scope_name' as keyof typeof granted], 'Compilers');
    const row = (await members('projects', COMPILERS)).find((r) => r.user_username === 'analyst01');
    assert.equal(row?.expiration_time, '2099-12-31T00:00:00Z');
    assert.equal(row?.created_by_uuid, ADA.uuid);
  });

  it('delete_user revokes the role (200, no body): gone from permissions and list_users, kept inactive in the state', async () => {
    const res = await as(sim, ADA.token, 'POST', scope('projects', COMPILERS, 'delete_user'), { json: { user: GRACE.uuid, role: 'PROJECT.ADMIN' } });
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.deepEqual(await permissionsOf(GRACE.uuid), []);
    assert.deepEqual(await members('projects', COMPILERS), []);
    const state = await hook<{ roleAssignments: { user_uuid: string; is_active: boolean }[] }>(sim, 'GET', 'state');
    assert.equal(state.roleAssignments.find((r) => r.user_uuid === GRACE.uuid)?.is_active, false);
  });

  it('update_user changes the expiration time, and null makes the role permanent', async () => {
    const later = await as(sim, ADA.token, 'POST', scope('customers', ENGINES, 'update_user'), {
      json: { user: MARGARET.uuid, role: 'CUSTOMER.MANAGER', expiration_time: '2099-06-30T12:00:00+02:00' },
    });
    assert.deepEqual(later.json(), { expiration_time: '2099-06-30T10:00:00Z' });
    assert.equal((await permissionsOf(MARGARET.uuid))[0]?.expiration_time, '2099-06-30T10:00:00Z');
    const permanent = await as(sim, ADA.token, 'POST', scope('customers', ENGINES, 'update_user'), {
      json: { user: MARGARET.uuid, role: 'CUSTOMER.MANAGER', expiration_time: null },
    });
    assert.deepEqual(permanent.json(), { expiration_time: null });
  });

  it('update_user for a role the user does not hold fails inside Waldur with Django’s 500 page', async () => {
    const res = await as(sim, ADA.token, 'POST', scope('customers', ENGINES, 'update_user'), { json: { user: GRACE.uuid, role: 'CUSTOMER.OWNER' } });
    assert.equal(res.status, 500);
    assert.equal(res.text, '<h1>Server Error (500)</h1>');
  });

  it('lets a non-staff customer owner manage the customer’s and its projects’ roles, her own included', async () => {
    await as(sim, ADA.token, 'POST', scope('customers', ENGINES, 'add_user'), { json: { user: GRACE.uuid, role: 'CUSTOMER.OWNER' } });
    const onProject = await as(sim, GRACE.token, 'POST', scope('projects', APOLLO, 'add_user'), { json: { user: MARGARET.uuid, role: 'PROJECT.MANAGER' } });
    assert.equal(onProject.status, 201, onProject.text);
    const own = await as(sim, GRACE.token, 'POST', scope('projects', COMPILERS, 'delete_user'), { json: { user: GRACE.uuid, role: 'PROJECT.ADMIN' } });
    assert.equal(own.status, 200, 'customer-level permission skips the own-role rule');
  });

  it('lets a project manager manage the project’s roles but not her own: "User can not manage own role."', async () => {
    await as(sim, ADA.token, 'POST', scope('projects', APOLLO, 'add_user'), { json: { user: MARGARET.uuid, role: 'PROJECT.MANAGER' } });
    const other = await as(sim, MARGARET.token, 'POST', scope('projects', APOLLO, 'add_user'), { json: { user: GRACE.uuid, role: 'PROJECT.MEMBER' } });
    assert.equal(other.status, 201, other.text);
    const own = await as(sim, MARGARET.token, 'POST', scope('projects', APOLLO, 'delete_user'), { json: { user: MARGARET.uuid, role: 'PROJECT.MANAGER' } });
    assert.equal(own.status, 400);
    assert.deepEqual(own.json(), { non_field_errors: ['User can not manage own role.'] });
    const customer = await as(sim, MARGARET.token, 'POST', scope('customers', ENGINES, 'add_user'), { json: { user: GRACE.uuid, role: 'CUSTOMER.SUPPORT' } });
    assert.equal(customer.status, 403);
  });

  it('answers 403 to a user without the permission, and the role is not granted', async () => {
    const res = await as(sim, GRACE.token, 'POST', scope('projects', COMPILERS, 'add_user'), { json: { user: MARGARET.uuid, role: 'PROJECT.MEMBER' } });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { detail: 'You do not have permission to perform this action.' });
    assert.deepEqual(await permissionsOf(MARGARET.uuid).then((p) => p.map((x) => x.role_name)), ['CUSTOMER.MANAGER']);
  });

  it('refuses a role the user already holds there, and a role of the other scope type', async () => {
    const twice = await as(sim, ADA.token, 'POST', scope('projects', COMPILERS, 'add_user'), { json: { user: GRACE.uuid, role: 'PROJECT.ADMIN' } });
    assert.deepEqual(twice.json(), { non_field_errors: ['User has already the same role in this scope.'] });
    const wrong = await as(sim, ADA.token, 'POST', scope('customers', ENGINES, 'add_user'), { json: { user: GRACE.uuid, role: 'PROJECT.ADMIN' } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.json(), { non_field_errors: ['Role is not valid for this scope.'] });
  });

  it('answers field errors for an unknown role, an unknown or inactive user and a bad or past expiration', async () => {
    const path = scope('projects', COMPILERS, 'add_user');
    const res = await as(sim, ADA.token, 'POST', path, { json: { user: '0'.repeat(32), role: 'PROJECT.OWNER', expiration_time: '31.12.2099' } });
    assert.deepEqual(res.json(), {
      role: ['Role is not found.'],
      user: ['User is not found.'],
      expiration_time: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
    });
    const past = await as(sim, ADA.token, 'POST', path, { json: { user: LINUS.uuid, role: 'PROJECT.MEMBER', expiration_time: '2001-01-01' } });
    assert.deepEqual(past.json(), { user: ['User is not found.'], expiration_time: ['Expiration time should be greater than current time.'] });
    const missing = await as(sim, ADA.token, 'POST', path, { json: { role: '' } });
    assert.deepEqual(missing.json(), { role: ['This field may not be blank.'], user: ['This field is required.'] });
  });

  it('list_users pages, counts with HEAD and filters by role name', async () => {
    const res = await as(sim, ADA.token, 'GET', scope('projects', '5a862373852955fe92aa5bb15992f908', 'list_users'), { query: { page_size: '4' } });
    assert.equal(res.headers['x-result-count'], '10');
    assert.equal((res.json() as RoleRow[]).length, 4);
    const head = await as(sim, ADA.token, 'HEAD', scope('customers', ENGINES, 'list_users'));
    assert.equal(head.headers['x-result-count'], '2');
    const owners = await as(sim, ADA.token, 'GET', scope('customers', ENGINES, 'list_users'), { query: { role: 'CUSTOMER.OWNER' } });
    assert.deepEqual(
      (owners.json() as RoleRow[]).map((r) => r.user_username),
      ['ada'],
    );
  });
});
