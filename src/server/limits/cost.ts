import { type DocumentNode, type GraphQLSchema, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { ASSUMED_LIST_SIZE, UPSTREAM_COST } from '../../schema/cost.js';

/** Fields without an estimator of their own (schema/cost.ts): leaves and introspection 0, objects 1, lists ×ASSUMED_LIST_SIZE, mutations +UPSTREAM_COST. */
const defaultEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection reads the schema in memory; whether it is allowed at all is `server.introspection`.
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (type.name === 'Mutation') return UPSTREAM_COST + 1 + childComplexity;
  // A router's batch of references: one lookup per representation.
  if (field.name === '_entities') return UPSTREAM_COST + (Array.isArray(args['representations']) ? args['representations'].length : 1) * (1 + childComplexity);
  if (isLeafType(getNamedType(field.type))) return 0;
  return isListType(getNullableType(field.type)) ? ASSUMED_LIST_SIZE * (1 + childComplexity) : 1 + childComplexity;
};

const ESTIMATORS = [fieldExtensionsEstimator(), defaultEstimator];

/**
 * The cost of one operation of a document (graphql-query-complexity walks it, fragments included).
 * Throws a GraphQLError for a document it cannot cost (e.g. more than 10,000 nodes), which callers
 * report as a refusal.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({ schema, query: document, variables: variables ?? {}, estimators: ESTIMATORS, ...(operationName ? { operationName } : {}) });
}
