import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, type ExecutionResult, execute, GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { GatewayContext } from '../../../../src/context.js';
import { CompiledQueries } from '../../../../src/server/direct/compiled-queries.js';

class CodedError extends Error {
  readonly extensions = { code: 'NOT_ALLOWED' };
}

function schema(): GraphQLSchema {
  const s = buildSchema(`
    interface Node { id: ID! }
    type User implements Node { id: ID! email: String secret: String friends: [User!] }
    type Query { user(id: ID!): User node(id: ID!): Node users(first: Int!): [User!]! }
  `);
  const user = (id: string) => ({ id, email: `${id}@example.com` });
  const fields = s.getQueryType()!.getFields();
  fields['user']!.resolve = async (_: unknown, { id }: { id: string }) => (id === 'none' ? null : user(id));
  fields['node']!.resolve = async (_: unknown, { id }: { id: string }) => user(id);
  fields['users']!.resolve = (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_, i) => user(`u${i}`));
  const userType = s.getType('User') as import('graphql').GraphQLObjectType;
  userType.getFields()['secret']!.resolve = () => {
    throw new CodedError('no secrets here');
  };
  userType.getFields()['friends']!.resolve = (u: { id: string }) => (u.id === 'u1' ? [user('x'), null] : []);
  (s.getType('Node') as import('graphql').GraphQLInterfaceType).resolveType = () => 'User';
  return s;
}

const context = {} as GatewayContext;

describe('CompiledQueries', () => {
  const s = schema();

  /** The same document through graphql-jit and graphql-js, as JSON (what a client would get). */
  async function both(query: string, variableValues?: Record<string, unknown>, operationName?: string) {
    const document = parse(query);
    const compiled = await new CompiledQueries(s).execute({ document, operationName, contextValue: context, variableValues });
    const reference = await execute({ schema: s, document, contextValue: context, variableValues, operationName });
    return { compiled, json: comparable(compiled.result), reference: comparable(reference) };
  }

  /**
   * A result as JSON, `errors` first as Apollo writes it, and sorted: graphql-js lists errors in the
   * order they happened (a synchronous field's before an awaited one's), graphql-jit in the
   * document's order. Both are GraphQL; the order of errors carries no meaning.
   */
  function comparable(result: ExecutionResult): string {
    const errors = result.errors?.map((e) => JSON.stringify(e)).sort();
    return JSON.stringify({ errors, data: result.data });
  }

  it('answers what graphql-js answers, errors included: same messages, locations (over several lines), paths and extensions', async () => {
    const { compiled, json, reference } = await both(
      `query Q($id: ID!) {
  user(id: $id) { id
    secret }
  again: node(id: $id) { ... on User { email secret } }
  users(first: 2) { friends { id } }
}`,
      { id: 'ada' },
    );
    assert.equal(compiled.path, 'compiled');
    assert.equal(json, reference);
    assert.deepEqual(
      compiled.result.errors?.map((e) => e.path?.join('.')),
      ['user.secret', 'again.secret', 'users.1.friends.1'],
      "graphql-jit's errors come in the document's order",
    );
    for (const error of compiled.result.errors ?? []) {
      assert.ok(error instanceof GraphQLError);
      assert.ok(error.source !== undefined && error.positions !== undefined, 'what graphql-js derives locations from');
    }
    assert.ok(compiled.result.errors?.[0]?.originalError instanceof CodedError, 'the error the resolver threw, for formatting');
  });

  it('runs graphql-js for variables that do not coerce: its messages, and nothing executed', async () => {
    const { compiled, json, reference } = await both('query($id: ID!) { user(id: $id) { id } }', { id: { nested: 'hunter2' } });
    assert.equal(compiled.path, 'interpreted');
    assert.equal(json, reference);
    assert.equal(compiled.result.data, undefined);
  });

  it('runs graphql-js where graphql-jit refuses variables graphql-js accepts (a non-null variable with a default, left out)', async () => {
    const { compiled, json, reference } = await both('query($id: ID! = "ada") { user(id: $id) { email } }', {});
    assert.equal(compiled.path, 'interpreted');
    assert.equal(json, reference);
    assert.equal(JSON.stringify(compiled.result.data), '{"user":{"email":"ada@example.com"}}');
  });

  it('runs graphql-js for what graphql-jit cannot compile (here an operation name the document lacks)', async () => {
    const { compiled, json, reference } = await both('query A { user(id: "a") { id } }', undefined, 'B');
    assert.equal(compiled.path, 'interpreted');
    assert.equal(json, reference);
  });

  it('compiles a document once per operation, and not at all when turned off', async () => {
    const queries = new CompiledQueries(s);
    const document = parse('query A { user(id: "a") { id } } query B { user(id: "b") { email } }');
    const runs = await Promise.all(
      ['A', 'B', 'A'].map((operationName) => queries.execute({ document, operationName, contextValue: context, variableValues: undefined })),
    );
    assert.deepEqual(
      runs.map((r) => [r.path, r.result.data]),
      [
        ['compiled', { user: { id: 'a' } }],
        ['compiled', { user: { email: 'b@example.com' } }],
        ['compiled', { user: { id: 'a' } }],
      ],
    );
    const off = await new CompiledQueries(s, false).execute({ document, operationName: 'A', contextValue: context, variableValues: undefined });
    assert.deepEqual([off.path, JSON.stringify(off.result.data)], ['interpreted', '{"user":{"id":"a"}}']);
  });
});
