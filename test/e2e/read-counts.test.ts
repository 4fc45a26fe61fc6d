import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

interface UserNode {
  email: string;
  source: { name: string };
  nativeId: string;
}

describe('reads cost a fixed number of upstream calls (reference seed)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => stack.resetCounts());
  after(() => stack.stop());

  it('users(first: 50) with permissions, details and person accounts costs 1 call per source', async () => {
    const { status, body } = await gql(
      stack.gateway,
      `{ users(first: 50) {
          totalCount
          pageInfo { hasNextPage }
          nodes {
            email nativeId source { name } displayName status
            permissions { role level scope { kind id name } expiresAt source { name } }
            details { __typename ... on WaldurUserDetails { username isStaff } ... on DqopsUserDetails { accountRole } ... on RocksetUserDetails { state roles } }
            person { email accounts { source { name } } }
          }
        } }`,
    );
    assert.equal(status, 200);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const users = body.data!['users'] as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean };
      nodes: (UserNode & { person: { accounts: { source: { name: string } }[] } })[];
    };
    assert.equal(users.nodes.length, 25);
    assert.equal(users.totalCount, 25);
    assert.equal(users.pageInfo.hasNextPage, false);
    // Grace has an account in each vendor; person.accounts is answered from the listings.
    const grace = users.nodes.find((u) => u.source.name === SOURCE.dqops && u.email === 'grace@example.com')!;
    assert.deepEqual(
      grace.person.accounts.map((a) => a.source.name),
      [SOURCE.dqops, SOURCE.rockset, SOURCE.waldur],
    );

    const counts = await stack.counts();
    assert.deepEqual(counts.dqops.byRoute, { 'GET /api/users': 1 });
    assert.deepEqual(counts.rockset.byRoute, { 'GET /v1/orgs/self/users': 1 });
    assert.deepEqual(counts.waldur.byRoute, { 'GET /api/users/': 1 });
    assert.deepEqual(body.extensions?.['upstream'], { calls: 3, bySource: { [SOURCE.dqops]: 1, [SOURCE.waldur]: 1, [SOURCE.rockset]: 1 } });
  });

  it('orders users by lower-case email, then source name', async () => {
    const { body } = await gql(stack.gateway, '{ users(first: 50) { nodes { email source { name } } } }');
    const keys = (body.data!['users'] as { nodes: UserNode[] }).nodes.map((u) => `${u.email.toLowerCase()}\u0000${u.source.name}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(keys.indexOf(`grace@example.com\u0000${SOURCE.rockset}`) > keys.indexOf(`grace@example.com\u0000${SOURCE.dqops}`));
  });

  it("person(email) finds the three accounts of Grace, Rockset's spelled Grace@Example.com, with one call per source", async () => {
    const { body } = await gql(
      stack.gateway,
      '{ person(email: "grace@example.com") { email displayName sources { name } accounts { email source { vendor } } permissions { role level } } }',
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const person = body.data!['person'] as {
      email: string;
      displayName: string;
      accounts: { email: string; source: { vendor: string } }[];
      permissions: { role: string }[];
    };
    assert.equal(person.email, 'grace@example.com');
    assert.equal(person.displayName, 'Grace Hopper');
    assert.deepEqual(
      person.accounts.map((a) => [a.source.vendor, a.email]),
      [
        ['DQOPS', 'grace@example.com'],
        ['ROCKSET', 'Grace@Example.com'],
        ['WALDUR', 'grace@example.com'],
      ],
    );
    assert.deepEqual(person.permissions.map((p) => p.role).sort(), ['PROJECT.ADMIN', 'editor', 'editor', 'member'].sort());
    const counts = await stack.counts();
    assert.deepEqual([counts.dqops.total, counts.waldur.total, counts.rockset.total], [1, 1, 1]);
  });

  it('the demo query answers from all three vendors', async () => {
    const { body } = await gql(
      stack.gateway,
      '{ people(first: 10) { nodes { email accounts { source { vendor } permissions { role level scope { kind name } } } } } }',
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const people = (body.data!['people'] as { nodes: { email: string; accounts: { source: { vendor: string } }[] }[] }).nodes;
    assert.equal(people.length, 10);
    const vendors = new Set(people.flatMap((p) => p.accounts.map((a) => a.source.vendor)));
    assert.deepEqual([...vendors].sort(), ['DQOPS', 'ROCKSET', 'WALDUR']);
    const emails = people.map((p) => p.email);
    assert.deepEqual(emails, [...emails].sort());
    assert.equal(new Set(emails).size, emails.length);
  });

  it('user(id) and node(id) answer from one source; userByEmail is case-insensitive', async () => {
    const listed = await gql(
      stack.gateway,
      `{ users(first: 50, sources: ["${SOURCE.waldur}"], filter: { email: "alan@example.com" }) { nodes { id nativeId } } }`,
    );
    const alan = (listed.body.data!['users'] as { nodes: { id: string; nativeId: string }[] }).nodes[0]!;
    await stack.resetCounts();
    const { body } = await gql(
      stack.gateway,
      'query($id: ID!) { user(id: $id) { nativeId username permissions { role expiresAt } } node(id: $id) { id ... on User { email } } }',
      { id: alan.id },
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal((body.data!['user'] as { username: string }).username, 'alan');
    assert.deepEqual(body.data!['node'] as { id: string; email: string }, { id: alan.id, email: 'alan@example.com' });
    const perms = (body.data!['user'] as { permissions: { role: string; expiresAt: string | null }[] }).permissions;
    assert.ok(perms.some((p) => p.role === 'PROJECT.MEMBER' && p.expiresAt === '2027-06-30T00:00:00.000Z'));
    // user and node share the one loader call.
    assert.equal((await stack.counts()).waldur.total, 1);
    const byEmail = await gql(stack.gateway, `{ userByEmail(source: "${SOURCE.rockset}", email: "GRACE@example.com") { nativeId status } }`);
    assert.deepEqual(byEmail.body.data, { userByEmail: { nativeId: 'Grace@Example.com', status: 'ACTIVE' } });
  });

  it('filters by query, status, role and email', async () => {
    const ask = async (filter: string) => {
      const { body } = await gql(stack.gateway, `{ users(first: 50, filter: ${filter}) { totalCount nodes { email source { name } } } }`);
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data!['users'] as { totalCount: number; nodes: UserNode[] };
    };
    const grace = await ask('{ query: "hopper" }');
    assert.deepEqual(
      grace.nodes.map((u) => u.source.name),
      [SOURCE.rockset, SOURCE.waldur],
    ); // DQOps has no names
    assert.equal(grace.totalCount, 2);
    await stack.resetCounts();
    const invited = await ask('{ status: INVITED }');
    assert.deepEqual(
      invited.nodes.map((u) => [u.email, u.source.name]),
      [['katherine@example.com', SOURCE.rockset]],
    );
    assert.equal((await stack.counts()).waldur.total, 0, 'Waldur has no invited users: no call');
    const members = await ask('{ role: "project.member" }');
    assert.equal(members.nodes.length, 10);
    assert.equal(members.totalCount, 10);
    const exact = await ask('{ email: "Grace@example.com" }');
    assert.equal(exact.nodes.length, 3);
  });
});
