import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType, lexicographicSortSchema, parse } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { createResolversMap } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { resolveEntities } from '../../resolvers/entity-references.js';
import { buildGatewaySchema } from '../build-schema.js';
import { fieldGuards } from './field-guards.js';
import { DEFAULT_SUBGRAPH_OPTIONS, federateSdl, renameTypes, type SubgraphOptions, typeRenames } from './subgraph-sdl.js';

/**
 * The gateway's schema as an Apollo Federation 2 subgraph (type-graphql's federation recipe): the
 * type-graphql schema printed with its directives, federated (subgraph-sdl.ts), rebuilt by
 * @apollo/subgraph with the same resolvers (root fields under their prefixed names) and
 * usergraph's own `_entities`. The cost estimators type-graphql put in field extensions are
 * carried over (a schema rebuilt from SDL has none), and `_entities` gets `entitiesCost` when given.
 */
export async function buildGatewaySubgraphSchema(
  options: SubgraphOptions = DEFAULT_SUBGRAPH_OPTIONS,
  entitiesCost?: ComplexityEstimator,
): Promise<GraphQLSchema> {
  const schema = await buildGatewaySchema();
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const root of ['Query', 'Mutation']) {
    const fields = resolvers[root];
    if (fields && options.rootPrefix) resolvers[root] = Object.fromEntries(Object.entries(fields).map(([name, r]) => [`${options.rootPrefix}${name}`, r]));
  }
  if (!options.rootPrefix) delete resolvers['Query']?.['node'];
  if (options.expose !== 'all') delete resolvers['Mutation'];
  const entities: GraphQLFieldResolver<unknown, GatewayContext, { representations: unknown[] }> = (_root, { representations }, ctx, info) =>
    resolveEntities(representations, ctx, info);
  resolvers['Query'] = { ...resolvers['Query'], _entities: entities };
  // Sorted, as schema.graphql is: type-graphql orders fields by the order its modules were loaded in.
  const sdl = parse(printSchemaWithDirectives(lexicographicSortSchema(schema)));
  const renames = typeRenames(sdl, options.typePrefix);
  const subgraph = buildSubgraphSchema({
    typeDefs: renameTypes(federateSdl(sdl, fieldGuards(), options), renames),
    // @apollo/subgraph types its resolver map over an unknown context; ours take GatewayContext.
    resolvers: renameResolvers(resolvers, renames) as GraphQLResolverMap<unknown>,
  });
  copyFieldExtensions(schema, subgraph, options.rootPrefix, renames);
  if (entitiesCost) {
    const field = subgraph.getQueryType()?.getFields()['_entities'];
    if (field) field.extensions = { ...field.extensions, complexity: entitiesCost };
  }
  return subgraph;
}

/** The resolver map under the renamed type names; abstract types' resolveType answers renamed too. */
function renameResolvers(resolvers: Record<string, Record<string, unknown>>, renames: ReadonlyMap<string, string>): Record<string, Record<string, unknown>> {
  if (renames.size === 0) return resolvers;
  const renamed: Record<string, Record<string, unknown>> = {};
  for (const [type, fields] of Object.entries(resolvers)) {
    const resolveType = fields['__resolveType'];
    renamed[renames.get(type) ?? type] =
      typeof resolveType === 'function'
        ? {
            ...fields,
            __resolveType: async (...args: unknown[]) => {
              const name: unknown = await resolveType(...args);
              return typeof name === 'string' ? (renames.get(name) ?? name) : name;
            },
          }
        : fields;
  }
  return renamed;
}

/** Field extensions (type-graphql's `complexity`) from the built schema onto the subgraph's fields. */
function copyFieldExtensions(from: GraphQLSchema, to: GraphQLSchema, rootPrefix: string, renames: ReadonlyMap<string, string>): void {
  for (const type of Object.values(from.getTypeMap())) {
    const target = to.getType(renames.get(type.name) ?? type.name);
    if (!isObjectType(type) || !isObjectType(target)) continue;
    const isRoot = type.name === 'Query' || type.name === 'Mutation';
    const targetFields = target.getFields();
    for (const field of Object.values(type.getFields())) {
      const copy = targetFields[isRoot ? `${rootPrefix}${field.name}` : field.name];
      if (copy && Object.keys(field.extensions).length > 0) copy.extensions = { ...copy.extensions, ...field.extensions };
    }
  }
}

export const SUBGRAPH_FILE_HEADER = '# Emitted from the code by `npm run schema`; do not edit. A test fails when it is stale.\n\n';

/** The subgraph SDL a router composes (schema/subgraph.graphql). */
export function printGatewaySubgraphSchema(schema: GraphQLSchema): string {
  return `${SUBGRAPH_FILE_HEADER}${printSubgraphSchema(schema)}\n`;
}
