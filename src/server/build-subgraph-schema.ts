import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, lexicographicSortSchema, parse } from 'graphql';
import { createResolversMap } from 'type-graphql';
import { referenceResolvers } from '../resolvers/entity-references.js';
import { buildGatewaySchema } from './build-schema.js';

/** Federation 2 and the directives the types use (`@Directive` on User, Person, Source). */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The gateway's schema as an Apollo Federation 2 subgraph (type-graphql's federation recipe):
 * the type-graphql schema printed with its directives, rebuilt by @apollo/subgraph with the same
 * resolvers plus `__resolveReference` for User, Person and Source, and `_service` / `_entities`.
 */
export async function buildGatewaySubgraphSchema(): Promise<GraphQLSchema> {
  const schema = await buildGatewaySchema();
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, fields] of Object.entries(referenceResolvers)) resolvers[type] = { ...resolvers[type], ...fields };
  return buildSubgraphSchema({
    // Sorted, as schema.graphql is: type-graphql orders fields by the order its modules were loaded in.
    typeDefs: parse(`${LINK}\n${printSchemaWithDirectives(lexicographicSortSchema(schema))}`),
    // @apollo/subgraph types its resolver map over an unknown context; ours take GatewayContext.
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

export const SUBGRAPH_FILE_HEADER = '# Emitted from the code by `npm run schema`; do not edit. A test fails when it is stale.\n\n';

/** The subgraph SDL a router composes (schema/subgraph.graphql). */
export function printGatewaySubgraphSchema(schema: GraphQLSchema): string {
  return `${SUBGRAPH_FILE_HEADER}${printSubgraphSchema(schema)}\n`;
}
