import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { assertNoUpstreamCalls, mutate, sourceFailure, userId, WALDUR } from '../helpers/mutations.js';
import { hook } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

interface DqopsState {
  users: { email: string; accountRole: string; dataDomainRoles: Record<string, string> }[];
}
interface WaldurState {
  users: { uuid: string; username: string; email: string; first_name: string; last_name: string; job_title: string }[];
}
interface RocksetState {
  users: { email: string; first_name?: string; last_name?: string; roles: string[]; state: string }[];
}

const USER = 'user { id nativeId email username firstName lastName status source { name } permissions { role level scope { kind id } } }';

describe('createUser, updateUser and deleteUser on every vendor', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  it('creates a DQOps user with an account role and a data-domain role (POST, then a re-read)', async () => {
    const { payload } = await mutate(
      stack,
      'createUser',
      { source: SOURCE.dqops, email: 'new.analyst@example.com', roles: ['editor'], dataDomainRoles: [{ domain: 'datalake', role: 'viewer' }] },
      USER,
      'CreateUserInput',
    );
    assert.deepEqual(payload!.userErrors, []);
    assert.equal(payload!.user!['email'], 'new.analyst@example.com');
    assert.deepEqual(
      (payload!.user!['permissions'] as { role: string }[]).map((p) => p.role),
      ['editor', 'viewer'],
    );
    const state = await hook<DqopsState>(stack.sims.dqops, 'GET', 'state');
    const created = state.users.find((u) => u.email === 'new.analyst@example.com');
    assert.deepEqual([created?.accountRole, created?.dataDomainRoles['datalake']], ['editor', 'viewer']);
    assert.equal((await stack.counts()).dqops.byRoute['POST /api/users'], 1);
  });

  it('creates a Waldur user with a username derived from the email', async () => {
    const { payload } = await mutate(
      stack,
      'createUser',
      { source: SOURCE.waldur, email: 'Ada.Byron+HPC@Example.org', firstName: 'Ada', lastName: 'Byron', waldur: { jobTitle: 'Analyst' } },
      USER,
      'CreateUserInput',
    );
    assert.deepEqual(payload!.userErrors, []);
    const username = payload!.user!['username'] as string;
    assert.match(username, /^[0-9a-z_.@+-]+$/);
    const state = await hook<WaldurState>(stack.sims.waldur, 'GET', 'state');
    const created = state.users.find((u) => u.username === username);
    assert.deepEqual([created?.email, created?.first_name, created?.job_title], ['Ada.Byron+HPC@Example.org', 'Ada', 'Analyst']);
    assert.equal(payload!.user!['nativeId'], created?.uuid);
  });

  it('creates a Rockset user, who is invited (NEW) until they sign in', async () => {
    const { payload } = await mutate(
      stack,
      'createUser',
      { source: SOURCE.rockset, email: 'newcomer@example.com', roles: ['member'], firstName: 'New' },
      USER,
      'CreateUserInput',
    );
    assert.deepEqual(payload!.userErrors, []);
    assert.equal(payload!.user!['status'], 'INVITED');
    const state = await hook<RocksetState>(stack.sims.rockset, 'GET', 'state');
    const created = state.users.find((u) => u.email === 'newcomer@example.com');
    assert.deepEqual([created?.state, created?.roles, created?.first_name], ['NEW', ['member'], 'New']);
  });

  it('updates names and roles where each vendor keeps them', async () => {
    const dq = await mutate(stack, 'updateUser', { userId: userId('dqops', 'alan@example.com'), roles: ['viewer'] }, USER, 'UpdateUserInput');
    assert.deepEqual(dq.payload!.userErrors, []);
    const wa = await mutate(
      stack,
      'updateUser',
      { userId: userId('waldur', WALDUR.grace), firstName: 'Amazing', waldur: { jobTitle: 'Commodore' } },
      USER,
      'UpdateUserInput',
    );
    assert.equal(wa.payload!.user!['firstName'], 'Amazing');
    const rs = await mutate(
      stack,
      'updateUser',
      { userId: userId('rockset', 'Grace@Example.com'), lastName: 'Murray Hopper', roles: ['member', 'read-only'] },
      USER,
      'UpdateUserInput',
    );
    assert.equal(rs.payload!.user!['lastName'], 'Murray Hopper');
    const [dqs, was, rss] = await Promise.all([
      hook<DqopsState>(stack.sims.dqops, 'GET', 'state'),
      hook<WaldurState>(stack.sims.waldur, 'GET', 'state'),
      hook<RocksetState>(stack.sims.rockset, 'GET', 'state'),
    ]);
    assert.equal(dqs.users.find((u) => u.email === 'alan@example.com')?.accountRole, 'viewer');
    assert.deepEqual(
      was.users.filter((u) => u.uuid === WALDUR.grace).map((u) => [u.first_name, u.job_title]),
      [['Amazing', 'Commodore']],
    );
    assert.deepEqual(
      rss.users.filter((u) => u.email === 'Grace@Example.com').map((u) => [u.last_name, u.roles]),
      [['Murray Hopper', ['member', 'read-only']]],
    );
  });

  it('deletes a user from each vendor and returns it as last seen', async () => {
    for (const [vendor, nativeId] of [
      ['dqops', 'edsger@example.net'],
      ['waldur', WALDUR.analyst01],
      ['rockset', 'barbara@example.com'],
    ] as const) {
      const id = userId(vendor, nativeId);
      const { payload } = await mutate(stack, 'deleteUser', { userId: id }, 'deletedUserId user { nativeId }', 'DeleteUserInput');
      assert.deepEqual(payload!.userErrors, [], vendor);
      assert.equal(payload!['deletedUserId'], id);
      assert.equal((payload!.user as { nativeId: string }).nativeId, nativeId);
      const after = await gql(stack.gateway, 'query($id: ID!) { user(id: $id) { id } }', { id });
      assert.deepEqual(after.body.data, { user: null }, `${vendor} user still there`);
    }
  });

  it('refuses invalid input with a userError naming the field and no upstream call', async () => {
    await stack.resetCounts();
    const cases: [string, Record<string, unknown>, string, string[] | null, string][] = [
      ['createUser', { source: SOURCE.dqops, email: 'not-an-email' }, 'CreateUserInput', ['email'], 'INVALID'],
      ['createUser', { source: 'nowhere', email: 'a@example.com' }, 'CreateUserInput', ['source'], 'INVALID'],
      [
        'createUser',
        { source: SOURCE.rockset, email: 'a@example.com', roles: ['member'], firstName: 'x'.repeat(151) },
        'CreateUserInput',
        ['firstName'],
        'TOO_LONG',
      ],
      ['createUser', { source: SOURCE.rockset, email: 'a@example.com' }, 'CreateUserInput', ['roles'], 'REQUIRED'],
      ['createUser', { source: SOURCE.waldur, email: 'a@example.com', username: 'Has Spaces' }, 'CreateUserInput', ['username'], 'INVALID'],
      ['createUser', { source: SOURCE.waldur, email: 'a@example.com', username: 'x'.repeat(129) }, 'CreateUserInput', ['username'], 'TOO_LONG'],
      ['createUser', { source: SOURCE.dqops, email: 'a@example.com', firstName: 'Ann' }, 'CreateUserInput', ['firstName'], 'NOT_ALLOWED'],
      ['createUser', { source: SOURCE.dqops, email: 'a@example.com', roles: ['superuser'] }, 'CreateUserInput', ['roles'], 'INVALID'],
      ['updateUser', { userId: 'garbage', firstName: 'x' }, 'UpdateUserInput', ['userId'], 'INVALID'],
      ['updateUser', { userId: userId('waldur', WALDUR.grace), roles: ['admin'] }, 'UpdateUserInput', ['roles'], 'NOT_ALLOWED'],
      ['deleteUser', { userId: 'VXNlcjpub3doZXJlOmE' }, 'DeleteUserInput', ['userId'], 'INVALID'],
    ];
    for (const [field, input, type, path, code] of cases) {
      const { payload, result } = await mutate(stack, field, input, field === 'deleteUser' ? 'deletedUserId' : 'user { id }', type);
      assert.equal(result.body.errors, undefined, JSON.stringify(result.body.errors));
      const error = payload!.userErrors.find((e) => JSON.stringify(e.field) === JSON.stringify(path));
      assert.ok(
        error,
        `${field} ${JSON.stringify(input).slice(0, 80)}: expected a userError on ${JSON.stringify(path)}, got ${JSON.stringify(payload!.userErrors)}`,
      );
      assert.equal(error.code, code);
      assert.equal(payload!.user ?? null, null);
    }
    await assertNoUpstreamCalls(stack, 'invalid input');
  });

  it('a duplicate email is TAKEN on email from every vendor, in one shape, and creates nobody', async () => {
    await stack.resetCounts();
    const shapes: unknown[] = [];
    for (const [source, input] of [
      [SOURCE.dqops, { email: 'alan@example.com' }],
      [SOURCE.waldur, { email: 'GRACE@example.com', username: 'grace-again' }],
      [SOURCE.rockset, { email: 'GRACE@example.com', roles: ['member'] }],
    ] as const) {
      const { payload, result } = await mutate(stack, 'createUser', { source, ...input }, 'user { id }', 'CreateUserInput');
      assert.equal(result.body.errors, undefined, `${source}: ${JSON.stringify(result.body.errors)}`);
      assert.equal(payload!.user, null);
      shapes.push(payload!.userErrors.map((e) => ({ field: e.field, code: e.code, source: e.source === source, retryable: e.retryable })));
    }
    const expected = [{ field: ['email'], code: 'TAKEN', source: true, retryable: false }];
    assert.deepEqual(shapes, [expected, expected, expected]);
    const counts = await stack.counts();
    // Each vendor was asked, and none was written to twice: DQOps and Waldur look first, Rockset answers its POST with 409.
    assert.deepEqual(
      [counts.dqops.byRoute['POST /api/users'], counts.waldur.byRoute['POST /api/users/'], counts.rockset.byRoute['POST /v1/orgs/self/users']],
      [undefined, undefined, 1],
    );
  });

  it('two mutations in one request, the second failing: the first payload is whole, the second carries its userError', async () => {
    const { body } = await gql(
      stack.gateway,
      `mutation($a: CreateUserInput!, $b: CreateUserInput!) {
        a: createUser(input: $a) { user { email source { name } } userErrors { field code source } }
        b: createUser(input: $b) { user { email } userErrors { field code source retryable } }
      }`,
      {
        a: { source: SOURCE.dqops, email: 'newcomer@example.com' },
        b: { source: SOURCE.rockset, email: 'grace@EXAMPLE.com', roles: ['member'] },
      },
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.deepEqual(body.data, {
      a: { user: { email: 'newcomer@example.com', source: { name: SOURCE.dqops } }, userErrors: [] },
      b: { user: null, userErrors: [{ field: ['email'], code: 'TAKEN', source: SOURCE.rockset, retryable: false }] },
    });
    assert.ok((await hook<DqopsState>(stack.sims.dqops, 'GET', 'state')).users.some((u) => u.email === 'newcomer@example.com'));
  });

  it('a vendor that is down fails its mutation alone: a retryable userError beside the other payload', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503, method: 'POST' });
    const { body } = await gql(
      stack.gateway,
      `mutation($a: UpdateUserInput!, $b: UpdateUserInput!) {
        a: updateUser(input: $a) { user { lastName } userErrors { code } }
        b: updateUser(input: $b) { user { lastName } userErrors { field code source retryable } }
      }`,
      { a: { userId: userId('waldur', WALDUR.alan), lastName: 'Turing' }, b: { userId: userId('rockset', 'Grace@Example.com'), lastName: 'Hopper' } },
    );
    await hook(stack.sims.rockset, 'DELETE', 'faults');
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.deepEqual(body.data, {
      a: { user: { lastName: 'Turing' }, userErrors: [] },
      b: { user: null, userErrors: [{ field: null, code: 'UPSTREAM_UNAVAILABLE', source: SOURCE.rockset, retryable: true }] },
    });
  });

  it('a connection reset during createUser is OUTCOME_UNKNOWN, with exactly one POST upstream', async () => {
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'reset', method: 'POST', path: '/api/users/', when: 'after' });
    const outcome = await mutate(stack, 'createUser', { source: SOURCE.waldur, email: 'maybe@example.com' }, 'user { id }', 'CreateUserInput');
    const error = sourceFailure(outcome);
    assert.deepEqual([error.code, error.source, error.retryable, outcome.payload!.user], ['OUTCOME_UNKNOWN', SOURCE.waldur, false, null]);
    assert.match(error.message, /check/);
    const { entries } = await hook<{ entries: { method: string; path: string }[] }>(stack.sims.waldur, 'GET', 'requests');
    assert.deepEqual(
      entries.filter((e) => e.method === 'POST').map((e) => e.path),
      ['/api/users/'],
    );
  });

  it("reads later in the same request see the write, not the loaders' earlier answer", async () => {
    const id = userId('rockset', 'Grace@Example.com');
    const accounts = 'user { person { accounts { source { name } lastName } } }';
    const { body } = await gql(
      stack.gateway,
      `mutation($a: UpdateUserInput!, $b: UpdateUserInput!) { a: updateUser(input: $a) { ${accounts} } b: updateUser(input: $b) { ${accounts} } }`,
      { a: { userId: id, lastName: 'First' }, b: { userId: id, lastName: 'Second' } },
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const lastNameIn = (k: string) =>
      (body.data![k] as { user: { person: { accounts: { source: { name: string }; lastName: string }[] } } }).user.person.accounts.find(
        (a) => a.source.name === SOURCE.rockset,
      )!.lastName;
    assert.equal(lastNameIn('a'), 'First');
    assert.equal(lastNameIn('b'), 'Second');
  });
});
