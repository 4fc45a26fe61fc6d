import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { WALDUR } from '../helpers/mutations.js';
import { referenceSeed } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

const ENIGMA = '5a862373852955fe92aa5bb15992f908';
interface Seed {
  waldur: { users: { uuid: string; email: string }[]; roleAssignments: { user_uuid: string; scope_uuid: string }[] };
}

/** The emails of a Waldur scope's members, as the simulator's seed assigns them. */
function seededMembers(scope: string): string[] {
  const seed = referenceSeed() as unknown as Seed;
  const uuids = new Set(seed.waldur.roleAssignments.filter((r) => r.scope_uuid === scope).map((r) => r.user_uuid));
  return seed.waldur.users
    .filter((u) => uuids.has(u.uuid))
    .map((u) => u.email.toLowerCase())
    .sort();
}

describe('access review filters', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => stack.resetCounts());
  after(() => stack.stop());

  const emails = async (query: string) => {
    const res = await gql(stack.gateway, query);
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return (res.body.data!['users'] as { nodes: { email: string }[] }).nodes.map((n) => n.email.toLowerCase());
  };

  it("a Waldur project's members, asked of the project's list_users", async () => {
    const got = await emails(`{ users(sources: ["${SOURCE.waldur}"], filter: { scope: { kind: PROJECT, id: "${ENIGMA}" } }) { nodes { email } } }`);
    assert.deepEqual(got, seededMembers(ENIGMA));
    assert.equal(got.length, 10);
    const counts = await stack.counts();
    assert.equal(counts.waldur.byRoute['GET /api/projects/{uuid}/list_users/'], 1);
  });

  it("a scope's members are read once per request: totalCount and nodes, two pages' worth, one list_users and one read per member", async () => {
    const res = await gql(
      stack.gateway,
      `{ all: users(filter: { scope: { kind: PROJECT, id: "${ENIGMA}" } }) { totalCount nodes { email } }
         firstSix: users(first: 6, filter: { scope: { kind: PROJECT, id: "${ENIGMA}" } }) { totalCount nodes { email } } }`,
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const all = res.body.data!['all'] as { totalCount: number; nodes: unknown[] };
    const six = res.body.data!['firstSix'] as { totalCount: number; nodes: unknown[] };
    assert.deepEqual([all.totalCount, all.nodes.length, six.totalCount, six.nodes.length], [10, 10, 10, 6]);
    const counts = await stack.counts();
    assert.deepEqual(counts.waldur.byRoute, { 'GET /api/projects/{uuid}/list_users/': 1, 'GET /api/users/{uuid}/': 10 });
  });

  it("a Waldur customer's members, the id in any spelling", async () => {
    const dashed = 'F78D2C42-ABFF-5F2D-A551-56AB89145CA6';
    const got = await emails(`{ users(sources: ["${SOURCE.waldur}"], filter: { scope: { kind: CUSTOMER, id: "${dashed}" } }) { nodes { email } } }`);
    assert.deepEqual(got, seededMembers('f78d2c42abff5f2da55156ab89145ca6'));
  });

  it('a DQOps data domain and the Rockset organization, from the one list call', async () => {
    const datalake = await emails(`{ users(sources: ["${SOURCE.dqops}"], filter: { scope: { kind: DATA_DOMAIN, id: "datalake" } }) { nodes { email } } }`);
    assert.deepEqual(datalake, ['ada@example.com', 'edsger@example.net', 'grace@example.com', 'katherine@example.com']);
    const org = await emails(`{ users(sources: ["${SOURCE.rockset}"], filter: { scope: { kind: ORGANIZATION } }) { nodes { email } } }`);
    assert.equal(org.length, 5);
    const counts = await stack.counts();
    assert.deepEqual([counts.dqops.total, counts.rockset.total], [1, 1]);
  });

  it('pages across two pages with cursors and counts', async () => {
    const page = (after: string | null) =>
      gql(
        stack.gateway,
        `query($after: String) { users(first: 6, after: $after, filter: { scope: { kind: PROJECT, id: "${ENIGMA}" } }) { totalCount pageInfo { hasNextPage endCursor } nodes { email } } }`,
        { after },
      );
    const one = (await page(null)).body.data!['users'] as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: { email: string }[];
    };
    const two = (await page(one.pageInfo.endCursor)).body.data!['users'] as typeof one;
    assert.equal(one.totalCount, 10);
    assert.equal(one.pageInfo.hasNextPage, true);
    assert.equal(two.pageInfo.hasNextPage, false);
    assert.deepEqual(
      [...one.nodes, ...two.nodes].map((n) => n.email.toLowerCase()),
      seededMembers(ENIGMA),
    );
  });

  it('level atLeast ADMIN: exactly the people the fixtures table says, with their highest level', async () => {
    const res = await gql(stack.gateway, '{ people(filter: { level: { atLeast: ADMIN } }) { nodes { email highestLevel } } }');
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    assert.deepEqual(res.body.data!['people'], {
      nodes: [
        { email: 'ada@example.com', highestLevel: 'OWNER' },
        { email: 'grace@example.com', highestLevel: 'ADMIN' },
        { email: 'margaret@example.com', highestLevel: 'ADMIN' },
      ],
    });
  });

  it("expiresBefore 2027-07-01 finds Alan's Enigma grant, and nothing else", async () => {
    const res = await gql(stack.gateway, '{ users(filter: { expiresBefore: "2027-07-01T00:00:00Z" }) { nodes { nativeId source { name } } } }');
    assert.deepEqual(res.body.data!['users'], { nodes: [{ nativeId: WALDUR.alan, source: { name: SOURCE.waldur } }] });
  });
});

describe('people present in one source and missing from another', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.stop());

  it('missingFrom finds the Rockset accounts of people unknown to Waldur, and counts them', async () => {
    const res = await gql(
      stack.gateway,
      `{ people(onlyIn: ["${SOURCE.rockset}"], missingFrom: ["${SOURCE.waldur}"]) { totalCount nodes { email sources { name } } } }`,
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const people = res.body.data!['people'] as { totalCount: number; nodes: { email: string; sources: { name: string }[] }[] };
    // Katherine is in DQOps and Rockset but not in Waldur; everyone else in Rockset has a Waldur account.
    assert.deepEqual(
      people.nodes.map((p) => p.email),
      ['katherine@example.com'],
    );
    assert.equal(people.totalCount, 1);
    assert.ok(people.nodes.every((p) => !p.sources.some((s) => s.name === SOURCE.waldur)));
  });

  it('onlyIn alone keeps people with an account in every named source', async () => {
    const res = await gql(stack.gateway, `{ people(onlyIn: ["${SOURCE.dqops}", "${SOURCE.rockset}"], first: 50) { totalCount nodes { email } } }`);
    const people = res.body.data!['people'] as { totalCount: number; nodes: { email: string }[] };
    assert.deepEqual(
      people.nodes.map((p) => p.email),
      ['ada@example.com', 'grace@example.com', 'katherine@example.com'],
    );
    assert.equal(people.totalCount, 3);
  });

  it('a cursor of one presence filter is refused for another', async () => {
    const first = await gql(stack.gateway, `{ people(first: 1, onlyIn: ["${SOURCE.dqops}"]) { pageInfo { endCursor } } }`);
    const cursor = (first.body.data!['people'] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const other = await gql(stack.gateway, `query($c: String) { people(first: 1, after: $c, missingFrom: ["${SOURCE.dqops}"]) { nodes { email } } }`, {
      c: cursor,
    });
    assert.equal(other.body.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
  });
});
