import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { type ConstDirectiveNode, Kind, parse, print, visit } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSchema } from '../../../src/server/federation/build-subgraph-schema.js';
import { DEFAULT_SUBGRAPH_OPTIONS, type SubgraphOptions } from '../../../src/server/federation/subgraph-sdl.js';

/**
 * A typical Relay-style neighbour: its own Node interface and `node` root, a PageInfo, connection
 * types, an error type in its payloads, and its value types marked @shareable on its side.
 */
const RELAY_NEIGHBOUR = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  interface Node { id: ID! }
  type PageInfo @shareable { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type Product implements Node @key(fields: "id") { id: ID! name: String! owner: User }
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type ProductEdge { cursor: String! node: Product! }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Query { node(id: ID!): Node @shareable products(first: Int, after: String): ProductConnection! }
`;
/** The same neighbour with Shopify's error type in its mutation payloads: `UserError { field message }`. */
const RELAY_NEIGHBOUR_WITH_ERRORS = `${RELAY_NEIGHBOUR}
  type UserError @shareable { message: String! field: [String!] }
  type CreateProductPayload { product: Product userErrors: [UserError!]! }
  type Mutation { createProduct(name: String!): CreateProductPayload! }
`;
/** A neighbour that already answers `users` and `me`. */
const ACCOUNTS_NEIGHBOUR = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Account @key(fields: "id") { id: ID! login: String! }
  type Query { users: [Account!]! me: Account }
`;

async function usergraphSdl(options: Partial<SubgraphOptions> = {}): Promise<string> {
  return printGatewaySubgraphSchema(await buildGatewaySubgraphSchema({ ...DEFAULT_SUBGRAPH_OPTIONS, ...options }));
}

/** The error codes of composing usergraph beside `neighbour`, from Apollo's composition and The Guild's. */
async function compose(neighbour: string, options: Partial<SubgraphOptions> = {}) {
  const services = [
    { name: 'usergraph', typeDefs: parse(await usergraphSdl(options)), url: 'http://usergraph.invalid/graphql' },
    { name: 'neighbour', typeDefs: parse(neighbour), url: 'http://neighbour.invalid/graphql' },
  ];
  const apollo = composeServices(services);
  const guild = composeWithGuild(services);
  return {
    apollo: (apollo.errors ?? []).map((e) => `${String(e.extensions['code'])} ${e.message.split('\n')[0]}`),
    guild: (guild.errors ?? []).map((e) => `${String(e.extensions['code'])} ${e.message.split('\n')[0]}`),
    apiSchema: apollo.errors ? undefined : apollo.schema.toAPISchema().toGraphQLJSSchema(),
    supergraphSdl: apollo.errors ? undefined : apollo.supergraphSdl,
  };
}

describe('composing usergraph beside other subgraphs (issue 26)', () => {
  it('composes beside a Relay-style subgraph with its own Node, node, PageInfo and connections', async () => {
    const { apollo, guild, apiSchema } = await compose(RELAY_NEIGHBOUR);
    assert.deepEqual(apollo, []);
    assert.deepEqual(guild, []);
    // The neighbour's `node` is the supergraph's; usergraph's own `user(id:)` is there.
    assert.ok(apiSchema?.getQueryType()?.getFields()['user']);
    assert.ok(apiSchema?.getQueryType()?.getFields()['node']);
  });

  it("a neighbour's UserError with other fields needs typePrefix, and composes with it", async () => {
    const plain = await compose(RELAY_NEIGHBOUR_WITH_ERRORS);
    assert.ok(plain.apollo.length > 0 && plain.apollo.every((e) => e.startsWith('SATISFIABILITY_ERROR')), plain.apollo.join('\n'));
    assert.ok(plain.guild.length > 0);
    const { apollo, guild, apiSchema } = await compose(RELAY_NEIGHBOUR_WITH_ERRORS, { typePrefix: 'Ug' });
    assert.deepEqual(apollo, []);
    assert.deepEqual(guild, []);
    assert.ok(apiSchema?.getType('UgUserConnection'), 'usergraph types renamed');
    assert.ok(apiSchema?.getType('User') && apiSchema.getType('PageInfo'), 'entities and PageInfo keep their names');
  });

  it('rootPrefix lets it join a supergraph that already has users and me', async () => {
    const plain = await compose(ACCOUNTS_NEIGHBOUR);
    assert.ok(
      plain.apollo.some((e) => e.includes('Query.users')),
      plain.apollo.join('\n'),
    );
    const { apollo, guild, apiSchema } = await compose(ACCOUNTS_NEIGHBOUR, { rootPrefix: 'ug_' });
    assert.deepEqual(apollo, []);
    assert.deepEqual(guild, []);
    const fields = Object.keys(apiSchema?.getQueryType()?.getFields() ?? {});
    assert.ok(fields.includes('ug_users') && fields.includes('ug_me') && fields.includes('ug_node') && fields.includes('users'), fields.join(', '));
  });

  it("keeps usergraph's mutations out of the supergraph unless expose is all", async () => {
    const queries = await compose(RELAY_NEIGHBOUR_WITH_ERRORS, { typePrefix: 'Ug' });
    assert.deepEqual(Object.keys(queries.apiSchema?.getMutationType()?.getFields() ?? {}), ['createProduct']);
    const all = await compose(RELAY_NEIGHBOUR_WITH_ERRORS, { typePrefix: 'Ug', expose: 'all' });
    assert.deepEqual(all.apollo, []);
    const mutations = Object.keys(all.apiSchema?.getMutationType()?.getFields() ?? {});
    for (const name of ['createProduct', 'deleteUser', 'offboard', 'changePassword']) assert.ok(mutations.includes(name), name);
    // Alone, too: no other subgraph has a mutation.
    const alone = composeServices([{ name: 'usergraph', typeDefs: parse(await usergraphSdl()), url: 'http://usergraph.invalid/graphql' }]);
    assert.equal(alone.errors, undefined);
    assert.equal(alone.schema.toAPISchema().toGraphQLJSSchema().getMutationType(), undefined);
  });
});

describe('edge authorization directives (server.federation.edgeAuthorization)', () => {
  /** `Type.field` -> the scopes its @requiresScopes names, and whether it is @authenticated, from the subgraph SDL. */
  async function directivesOf(options: Partial<SubgraphOptions>) {
    const found = new Map<string, { scopes?: string; authenticated: boolean }>();
    const note = (key: string, directives: readonly ConstDirectiveNode[] | undefined) => {
      const requires = directives?.find((d) => d.name.value === 'requiresScopes');
      const authenticated = directives?.some((d) => d.name.value === 'authenticated') ?? false;
      if (requires || authenticated)
        found.set(key, { authenticated, ...(requires ? { scopes: print(requires.arguments?.[0]?.value ?? { kind: Kind.NULL }) } : {}) });
    };
    visit(parse(await usergraphSdl(options)), {
      ObjectTypeDefinition(type) {
        note(type.name.value, type.directives);
        for (const field of type.fields ?? []) note(`${type.name.value}.${field.name.value}`, field.directives);
      },
    });
    return found;
  }

  it('marks exactly what usergraph itself guards: roles on root fields, the pii grant on personal data', async () => {
    const found = await directivesOf({ edgeAuthorization: true, expose: 'all', rootPrefix: '' });
    // What usergraph enforces, read the way auth.test.ts reads it: @Authorized on resolvers, personalData middleware.
    const storage = getMetadataStorage();
    const expected = new Map<string, string>();
    const byMethod = new Map(storage.authorizedFields.map((f) => [`${f.target.name}.${f.fieldName}`, f.roles[0] as string]));
    for (const [root, list] of [
      ['Query', storage.queries],
      ['Mutation', storage.mutations],
    ] as const) {
      for (const r of list) {
        if (root === 'Query' && r.schemaName === 'node') continue; // left out of the subgraph without a prefix
        const role = byMethod.get(`${r.target.name}.${r.methodName}`) ?? (storage.authorizedResolver.find((c) => c.target === r.target)?.roles[0] as string);
        expected.set(`${root}.${r.schemaName}`, role === 'admin' ? '[["usergraph:admin"]]' : '[["usergraph:viewer"], ["usergraph:admin"]]');
      }
    }
    for (const m of storage.middlewares.filter((x) => x.middlewares.some((f) => f.name === 'personalData'))) {
      const type = storage.objectTypes.find((t) => t.target === m.target);
      expected.set(`${type?.name}.${m.fieldName}`, '[["usergraph:pii"], ["usergraph:admin"]]');
    }
    for (const entity of ['User', 'Person', 'Source']) expected.set(entity, '[["usergraph:viewer"], ["usergraph:admin"]]');
    assert.ok(expected.size > 30, `${expected.size} guarded elements`);
    assert.deepEqual(
      new Map([...found].map(([k, v]) => [k, v.scopes])),
      expected,
      'the @requiresScopes of the subgraph are the guards usergraph enforces, no more, no fewer',
    );
    // @authenticated on every root field and entity (usergraph refuses a request without a caller).
    for (const [key, value] of found) {
      const onRootOrEntity = key.startsWith('Query.') || key.startsWith('Mutation.') || !key.includes('.');
      assert.equal(value.authenticated, onRootOrEntity, key);
    }
    assert.equal(found.get('WaldurUserDetails.civilNumber')?.scopes, '[["usergraph:pii"], ["usergraph:admin"]]');
    assert.equal(found.get('Mutation.deleteUser')?.scopes, '[["usergraph:admin"]]');
    assert.equal(found.get('Query.userToken')?.scopes, '[["usergraph:admin"]]');
  });

  it('none by default: Apollo Gateway refuses a supergraph with them', async () => {
    assert.equal((await directivesOf({})).size, 0);
    const sdl = await usergraphSdl({ edgeAuthorization: true });
    const { apollo, guild, supergraphSdl } = await compose(RELAY_NEIGHBOUR, { edgeAuthorization: true });
    assert.deepEqual(apollo, []);
    assert.deepEqual(guild, []);
    assert.match(sdl, /import: \[.*"@authenticated", "@requiresScopes"\]/);
    await assert.rejects(new ApolloGateway({ supergraphSdl: supergraphSdl ?? '' }).load(), /authenticated.* is for: SECURITY but is unsupported/);
    const plain = await compose(RELAY_NEIGHBOUR);
    const gateway = new ApolloGateway({ supergraphSdl: plain.supergraphSdl ?? '' });
    await gateway.load();
    await gateway.stop();
  });
});
