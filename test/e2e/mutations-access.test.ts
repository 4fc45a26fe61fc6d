import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { captureLogs } from '../helpers/logs.js';
import { assertNoUpstreamCalls, mutate, sourceFailure, userId, WALDUR } from '../helpers/mutations.js';
import { hook } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

interface DqopsState {
  users: { email: string; accountRole: string; dataDomainRoles: Record<string, string>; password: string }[];
}
interface WaldurState {
  users: { uuid: string; password: string | null }[];
  roleAssignments: { user_uuid: string; role: string; scope_uuid: string; expiration_time: string | null; is_active: boolean }[];
}
interface RocksetState {
  users: { email: string; roles: string[] }[];
}

const PERMISSIONS = 'user { permissions { role level scope { kind id name } expiresAt } }';
/** Every password this file sends; none may appear in a log line or an error. */
const PASSWORDS = [
  'Dq-New-Pass-4242',
  'Waldur-New-Pass-777',
  'Dq-Mine-Pass-1001',
  'Waldur-Mine-Pass-2002',
  'Two-At-Once-0001',
  'Two-At-Once-0002',
  'Coerce-Me-31337',
  'x'.repeat(4096),
];

describe('roles and passwords on every vendor', () => {
  let stack: Stack;
  const logs = captureLogs();
  before(async () => {
    stack = await startStack({ logger: logs.logger });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  const dqops = () => hook<DqopsState>(stack.sims.dqops, 'GET', 'state');
  const waldur = () => hook<WaldurState>(stack.sims.waldur, 'GET', 'state');
  const rockset = () => hook<RocksetState>(stack.sims.rockset, 'GET', 'state');

  it('grants and revokes DQOps account and data-domain roles through read-modify-write PUTs', async () => {
    const alan = userId('dqops', 'alan@example.com');
    const g1 = await mutate(stack, 'grantRole', { userId: alan, role: 'editor', scope: { kind: 'ACCOUNT' } }, PERMISSIONS, 'GrantRoleInput');
    assert.deepEqual(g1.payload!.userErrors, []);
    const g2 = await mutate(
      stack,
      'grantRole',
      { userId: alan, role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } },
      PERMISSIONS,
      'GrantRoleInput',
    );
    assert.deepEqual(
      (g2.payload!.user!['permissions'] as { role: string; scope: { kind: string } }[]).map((p) => [p.role, p.scope.kind]),
      [
        ['editor', 'ACCOUNT'],
        ['viewer', 'DATA_DOMAIN'],
      ],
    );
    let alanState = (await dqops()).users.find((u) => u.email === 'alan@example.com')!;
    assert.deepEqual([alanState.accountRole, alanState.dataDomainRoles['datalake']], ['editor', 'viewer']);
    const r = await mutate(
      stack,
      'revokeRole',
      { userId: alan, role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } },
      PERMISSIONS,
      'RevokeRoleInput',
    );
    assert.deepEqual(r.payload!.userErrors, []);
    alanState = (await dqops()).users.find((u) => u.email === 'alan@example.com')!;
    assert.ok(['none', undefined].includes(alanState.dataDomainRoles['datalake']));
  });

  it('two concurrent grants on one DQOps user and on one Rockset user both end up applied', async () => {
    const alan = userId('dqops', 'alan@example.com');
    const grace = userId('rockset', 'Grace@Example.com');
    const grant = (input: Record<string, unknown>) => mutate(stack, 'grantRole', input, PERMISSIONS, 'GrantRoleInput');
    const results = await Promise.all([
      grant({ userId: alan, role: 'editor', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } }),
      grant({ userId: alan, role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: '(default)' } }),
      grant({ userId: grace, role: 'admin', scope: { kind: 'ORGANIZATION' } }),
      grant({ userId: grace, role: 'read-only', scope: { kind: 'ORGANIZATION' } }),
    ]);
    for (const r of results) assert.deepEqual(r.payload!.userErrors, [], JSON.stringify(r.result.body));
    const alanState = (await dqops()).users.find((u) => u.email === 'alan@example.com')!;
    assert.deepEqual([alanState.dataDomainRoles['datalake'], alanState.dataDomainRoles['(default)']], ['editor', 'viewer']);
    const graceState = (await rockset()).users.find((u) => u.email === 'Grace@Example.com')!;
    assert.deepEqual([...graceState.roles].sort(), ['admin', 'member', 'read-only']);
  });

  it('grants a Waldur project role with an expiry, changes the expiry on a second grant, and revokes it', async () => {
    const grace = userId('waldur', WALDUR.grace);
    const scope = { kind: 'PROJECT', id: WALDUR.apolloGuidance };
    const first = await mutate(
      stack,
      'grantRole',
      { userId: grace, role: 'PROJECT.MEMBER', scope, expiresAt: '2031-01-31T00:00:00Z' },
      PERMISSIONS,
      'GrantRoleInput',
    );
    assert.deepEqual(first.payload!.userErrors, []);
    const granted = (first.payload!.user!['permissions'] as { role: string; scope: { id: string; name: string }; expiresAt: string }[]).find(
      (p) => p.scope.id === WALDUR.apolloGuidance,
    );
    assert.deepEqual([granted?.role, granted?.scope.name, granted?.expiresAt], ['PROJECT.MEMBER', 'Apollo Guidance', '2031-01-31T00:00:00.000Z']);
    await stack.resetCounts();
    const second = await mutate(
      stack,
      'grantRole',
      { userId: grace, role: 'PROJECT.MEMBER', scope, expiresAt: '2032-06-30T00:00:00Z' },
      PERMISSIONS,
      'GrantRoleInput',
    );
    assert.deepEqual(second.payload!.userErrors, []);
    const counts = (await stack.counts()).waldur.byRoute;
    assert.equal(counts['POST /api/projects/{uuid}/update_user/'], 1);
    assert.equal(counts['POST /api/projects/{uuid}/add_user/'], undefined);
    let assignment = (await waldur()).roleAssignments.find((a) => a.user_uuid === WALDUR.grace && a.scope_uuid === WALDUR.apolloGuidance && a.is_active);
    assert.equal(assignment?.expiration_time?.slice(0, 10), '2032-06-30');
    const revoked = await mutate(stack, 'revokeRole', { userId: grace, role: 'PROJECT.MEMBER', scope }, PERMISSIONS, 'RevokeRoleInput');
    assert.deepEqual(revoked.payload!.userErrors, []);
    assert.ok(!(revoked.payload!.user!['permissions'] as { scope: { id: string } }[]).some((p) => p.scope.id === WALDUR.apolloGuidance));
    assignment = (await waldur()).roleAssignments.find((a) => a.user_uuid === WALDUR.grace && a.scope_uuid === WALDUR.apolloGuidance && a.is_active);
    assert.equal(assignment, undefined);
  });

  it('refuses roles invalid for the vendor or scope, past expiries and roles not held, with no upstream call', async () => {
    await stack.resetCounts();
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['grantRole', { userId: userId('waldur', WALDUR.grace), role: 'CUSTOMER.OWNER', scope: { kind: 'PROJECT', id: WALDUR.compilers } }, ['scope', 'kind']],
      ['grantRole', { userId: userId('waldur', WALDUR.grace), role: 'PROJECT.ADMIN', scope: { kind: 'ORGANIZATION' } }, ['scope', 'kind']],
      [
        'grantRole',
        { userId: userId('waldur', WALDUR.grace), role: 'PROJECT.ADMIN', scope: { kind: 'PROJECT', id: WALDUR.compilers }, expiresAt: '2001-01-01T00:00:00Z' },
        ['expiresAt'],
      ],
      ['grantRole', { userId: userId('dqops', 'alan@example.com'), role: 'owner', scope: { kind: 'ACCOUNT' } }, ['role']],
      ['grantRole', { userId: userId('rockset', 'Grace@Example.com'), role: ' ', scope: { kind: 'ORGANIZATION' } }, ['role']],
    ];
    for (const [field, input, path] of cases) {
      const { payload } = await mutate(stack, field, input, 'user { id }', field === 'grantRole' ? 'GrantRoleInput' : 'RevokeRoleInput');
      assert.ok(
        payload!.userErrors.some((e) => JSON.stringify(e.field) === JSON.stringify(path)),
        `${JSON.stringify(input)} → ${JSON.stringify(payload!.userErrors)}`,
      );
    }
    await assertNoUpstreamCalls(stack, 'invalid grants');
    // A role not held is refused after reading the user, without a write.
    const notHeld = await mutate(
      stack,
      'revokeRole',
      { userId: userId('rockset', 'Grace@Example.com'), role: 'admin', scope: { kind: 'ORGANIZATION' } },
      'user { id }',
      'RevokeRoleInput',
    );
    assert.equal(notHeld.payload!.userErrors[0]?.code, 'NOT_ALLOWED');
    const writes = Object.entries((await stack.counts()).rockset.byRoute).filter(([route]) => !route.startsWith('GET'));
    assert.deepEqual(writes, []);
  });

  it('changes passwords on DQOps (text/plain PUT) and Waldur (change_password), for another user and for oneself', async () => {
    const dq = await mutate(
      stack,
      'changePassword',
      { userId: userId('dqops', 'alan@example.com'), password: PASSWORDS[0] },
      'user { email }',
      'ChangePasswordInput',
    );
    assert.deepEqual(dq.payload!.userErrors, []);
    const wa = await mutate(
      stack,
      'changePassword',
      { userId: userId('waldur', WALDUR.grace), password: PASSWORDS[1] },
      'user { username }',
      'ChangePasswordInput',
    );
    assert.deepEqual(wa.payload!.userErrors, []);
    const dqMine = await mutate(stack, 'changeMyPassword', { source: SOURCE.dqops, password: PASSWORDS[2] }, 'user { id }', 'ChangeMyPasswordInput');
    assert.deepEqual([dqMine.payload!.userErrors, dqMine.payload!.user], [[], null]);
    const waMine = await mutate(stack, 'changeMyPassword', { source: SOURCE.waldur, password: PASSWORDS[3] }, 'user { username }', 'ChangeMyPasswordInput');
    assert.equal((waMine.payload!.user as { username: string }).username, 'ada');
    const dqState = await dqops();
    assert.equal(dqState.users.find((u) => u.email === 'alan@example.com')?.password, PASSWORDS[0]);
    assert.equal(dqState.users.find((u) => u.email === 'ada@example.com')?.password, PASSWORDS[2]);
    const waState = await waldur();
    assert.equal(waState.users.find((u) => u.uuid === WALDUR.grace)?.password, PASSWORDS[1]);
    assert.equal(waState.users.find((u) => u.uuid === WALDUR.ada)?.password, PASSWORDS[3]);
    const longest = await mutate(
      stack,
      'changePassword',
      { userId: userId('dqops', 'alan@example.com'), password: PASSWORDS[7] },
      'user { email }',
      'ChangePasswordInput',
    );
    assert.deepEqual(longest.payload!.userErrors, []);
  });

  it('refuses an empty or over-long password, and Rockset passwords, with no upstream call', async () => {
    await stack.resetCounts();
    const empty = await mutate(stack, 'changePassword', { userId: userId('dqops', 'alan@example.com'), password: '' }, 'user { id }', 'ChangePasswordInput');
    assert.deepEqual(
      empty.payload!.userErrors.map((e) => [e.field, e.code]),
      [[['password'], 'REQUIRED']],
    );
    const long = await mutate(
      stack,
      'changePassword',
      { userId: userId('waldur', WALDUR.grace), password: 'y'.repeat(4097) },
      'user { id }',
      'ChangePasswordInput',
    );
    assert.deepEqual(
      long.payload!.userErrors.map((e) => [e.field, e.code]),
      [[['password'], 'TOO_LONG']],
    );
    for (const [field, input, type] of [
      ['changePassword', { userId: userId('rockset', 'Grace@Example.com'), password: 'Whatever-123' }, 'ChangePasswordInput'],
      ['changeMyPassword', { source: SOURCE.rockset, password: 'Whatever-123' }, 'ChangeMyPasswordInput'],
    ] as const) {
      const outcome = await mutate(stack, field, input, 'user { id }', type);
      const failure = sourceFailure(outcome);
      assert.deepEqual([failure.code, failure.source, failure.retryable, outcome.payload!.user], ['UNSUPPORTED_BY_SOURCE', SOURCE.rockset, false, null]);
      assert.match(failure.message, new RegExp(field));
    }
    await assertNoUpstreamCalls(stack, 'refused passwords');
  });

  it('allows one password or token mutation per request', async () => {
    await stack.resetCounts();
    const { status, body } = await gql(
      stack.gateway,
      'mutation($a: ChangePasswordInput!, $b: ChangePasswordInput!) { a: changePassword(input: $a) { userErrors { code } } ...More } fragment More on Mutation { b: changePassword(input: $b) { userErrors { code } } }',
      { a: { userId: userId('dqops', 'alan@example.com'), password: PASSWORDS[4] }, b: { userId: userId('dqops', 'ada@example.com'), password: PASSWORDS[5] } },
    );
    assert.equal(status, 400);
    assert.match(body.errors![0]!.message, /at most one password or token mutation/);
    await assertNoUpstreamCalls(stack, 'two password mutations');
  });

  it('never echoes a password from a malformed variable', async () => {
    const { body } = await gql(stack.gateway, 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }', {
      input: { userId: userId('dqops', 'alan@example.com'), pasword: PASSWORDS[6] },
    });
    const text = JSON.stringify(body);
    assert.ok(!text.includes(PASSWORDS[6]!), text);
    assert.match(body.errors![0]!.message, /Field "password" of required type "String!" was not provided/);
    const typed = await gql(stack.gateway, 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }', {
      input: { userId: userId('dqops', 'alan@example.com'), password: 31337 },
    });
    assert.ok(!JSON.stringify(typed.body).includes('31337'), JSON.stringify(typed.body));
    assert.match(typed.body.errors![0]!.message, /at "input.password"/);
  });

  it('logged an audit event per mutation, and no password anywhere in the logs', () => {
    const lines = logs.lines();
    const audits = lines.map((l) => JSON.parse(l) as { audit?: { operation: string; outcome: string } }).filter((l) => l.audit);
    assert.ok(audits.some((a) => a.audit!.operation === 'changePassword' && a.audit!.outcome === 'applied'));
    assert.ok(audits.some((a) => a.audit!.operation === 'grantRole' && a.audit!.outcome === 'rejected'));
    assert.ok(audits.some((a) => a.audit!.operation === 'changePassword' && a.audit!.outcome === 'UNSUPPORTED_BY_SOURCE'));
    const text = logs.text();
    for (const secret of PASSWORDS) assert.ok(!text.includes(secret.slice(0, 64)), `a password is in the logs: ${secret.slice(0, 20)}`);
  });
});
