import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { type Stack, startStack } from '../helpers/stack.js';

interface Page {
  edges: { cursor: string; node: { id: string; email: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

const PAGE =
  'query($first: Int!, $after: String, $filter: UserFilter) { users(first: $first, after: $after, filter: $filter) { edges { cursor node { id email } } pageInfo { hasNextPage hasPreviousPage endCursor } } }';

describe('users pages across sources', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => stack.resetCounts());
  after(() => stack.stop());

  const page = async (variables: Record<string, unknown>): Promise<Page> => {
    const { body } = await gql(stack.gateway, PAGE, variables);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data!['users'] as Page;
  };

  it('walking with first: 4 visits every user exactly once, in order', async () => {
    const all = (await page({ first: 50 })).edges.map((e) => e.node.id);
    await stack.resetCounts();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p = await page({ first: 4, after });
      pages++;
      assert.equal(p.pageInfo.hasPreviousPage, after !== null);
      seen.push(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
      assert.ok(pages < 20, 'the walk must end');
    }
    assert.equal(pages, Math.ceil(all.length / 4));
    assert.deepEqual(seen, all);
    // DQOps and Rockset list once per page; Waldur reads only a window per page, never the whole list twice over.
    const counts = await stack.counts();
    assert.equal(counts.dqops.total, pages);
    assert.equal(counts.rockset.total, pages);
    assert.ok(counts.waldur.total <= pages * 2, `waldur calls: ${counts.waldur.total}`);
  });

  it('an edge cursor resumes right after its edge', async () => {
    const first = await page({ first: 10 });
    const resumed = await page({ first: 3, after: first.edges[6]!.cursor });
    assert.deepEqual(
      resumed.edges.map((e) => e.node.id),
      first.edges.slice(7, 10).map((e) => e.node.id),
    );
  });

  it('refuses a cursor made for another filter, and garbage, with BAD_USER_INPUT and no upstream call', async () => {
    const filtered = await page({ first: 2, filter: { query: 'example.com' } });
    await stack.resetCounts();
    for (const after of [filtered.pageInfo.endCursor, 'garbage', 'eyJ2IjoxfQ', '%%%']) {
      const { body } = await gql(stack.gateway, PAGE, { first: 2, after });
      assert.equal(body.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', `after=${after}`);
      assert.match(body.errors![0]!.message, /^after: /);
    }
    const counts = await stack.counts();
    assert.deepEqual([counts.dqops.total, counts.waldur.total, counts.rockset.total], [0, 0, 0]);
  });

  it('rejects invalid arguments before any upstream call', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['{ users(first: 500) { nodes { id } } }', {}, /first must be a whole number from 0 to 200, got 500/],
      ['{ users(first: -1) { nodes { id } } }', {}, /first must be a whole number/],
      ['{ users(sources: ["nope"]) { nodes { id } } }', {}, /no source is named "nope"/],
      ['{ user(id: "not-an-id") { id } }', {}, /id is not a usergraph id/],
      ['query($e: EmailAddress!) { person(email: $e) { email } }', { e: 'not-an-email' }, /not a valid email address/],
      ['{ userByEmail(source: "dqops-ref", email: "nope") { id } }', {}, /not a valid email address/],
    ];
    for (const [query, variables, message] of cases) {
      const { body } = await gql(stack.gateway, query, variables);
      assert.ok(body.errors?.length, `${query} should fail`);
      assert.match(body.errors![0]!.message, message);
      assert.ok(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'].includes(String(body.errors![0]!.extensions?.['code'])), JSON.stringify(body.errors));
    }
    const counts = await stack.counts();
    assert.deepEqual([counts.dqops.total, counts.waldur.total, counts.rockset.total], [0, 0, 0]);
  });
});
