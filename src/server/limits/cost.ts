import { type DocumentNode, type GraphQLSchema, getNamedType, getNullableType, getOperationAST, isLeafType, isListType, Kind, type TypeNode } from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { ASSUMED_LIST_SIZE, UPSTREAM_COST } from '../../schema/cost.js';

/** Fields without an estimator of their own (schema/cost.ts): leaves and introspection 0, objects 1, lists ×ASSUMED_LIST_SIZE, mutations +UPSTREAM_COST. */
const defaultEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection reads the schema in memory; whether it is allowed at all is `server.introspection`.
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (type.name === 'Mutation') return UPSTREAM_COST + 1 + childComplexity;
  // A router's batch of references, where the subgraph has no entitiesCost of its own: one lookup each.
  if (field.name === '_entities')
    return UPSTREAM_COST + (Array.isArray(args['representations']) ? args['representations'].length : 1) * (UPSTREAM_COST + 1 + childComplexity);
  if (isLeafType(getNamedType(field.type))) return 0;
  return isListType(getNullableType(field.type)) ? ASSUMED_LIST_SIZE * (1 + childComplexity) : 1 + childComplexity;
};

const ESTIMATORS = [fieldExtensionsEstimator(), defaultEstimator];

/**
 * The cost of one operation of a document (graphql-query-complexity walks it, fragments included).
 * Throws a GraphQLError for a document it cannot cost (e.g. more than 10,000 nodes), which callers
 * report as a refusal. A cost already worked out for the same document and the same cost-bearing
 * variables (see `costKey`) is not walked again: the walk was a tenth of a small request's time.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  const key = costKey(document, variables, operationName);
  const known = key === undefined ? undefined : COSTS.get(document)?.get(key);
  if (known !== undefined) return known;
  const cost = getComplexity({ schema, query: document, variables: variables ?? {}, estimators: ESTIMATORS, ...(operationName ? { operationName } : {}) });
  if (key !== undefined) remember(document, key, cost);
  return cost;
}

/**
 * Costs by parsed document. Apollo keeps one DocumentNode per query text in its document store, so
 * a repeated query finds its entry, and the entry goes when Apollo drops the document. Each server
 * parses into its own store, so a document belongs to one schema and the schema is not in the key.
 */
const COSTS = new WeakMap<DocumentNode, Map<string, number>>();
/** Distinct variable keys kept per document: `first: $n` with every n from 0 to 200 stays bounded. */
const KEYS_PER_DOCUMENT = 64;

function remember(document: DocumentNode, key: string, cost: number): void {
  let byKey = COSTS.get(document);
  if (!byKey) {
    byKey = new Map();
    COSTS.set(document, byKey);
  }
  if (byKey.size >= KEYS_PER_DOCUMENT) byKey.clear();
  byKey.set(key, cost);
}

/**
 * What of the variables can change a cost: numbers and booleans by value (`first: $n`,
 * `@include(if: $b)`), other lists by length. Strings, ids, enums and input objects cannot in this
 * model (the estimators read only `first`, `representations` and the field types), so they stay out
 * of the key, and with them any password a mutation carries. A federation `_Any` variable (`_entities`
 * representations) is read whole by `entitiesCost` (which ids, how many distinct), so an operation
 * with one is not cached: a cheap batch must not set the cost of a dear one of the same length.
 * undefined when the operation is not found (graphql-query-complexity then says why, uncached).
 * An estimator that reads another argument must be reflected here.
 */
export function costKey(document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  let key = operationName ?? '';
  for (const definition of operation.variableDefinitions ?? []) {
    const type = definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
    if (namedTypeOf(definition.type) === '_Any') return undefined;
    const value = variables?.[definition.variable.name.value];
    if (type.kind === Kind.LIST_TYPE) key += `|${Array.isArray(value) ? value.length : value == null ? '-' : 1}`;
    else if (type.name.value === 'Int' || type.name.value === 'Float' || type.name.value === 'Boolean') {
      // A value of the wrong kind is refused by execution; it is not worth a key of its own.
      if (typeof value !== 'number' && typeof value !== 'boolean' && value != null) return undefined;
      key += `|${value ?? '-'}`;
    }
  }
  return key;
}

/** The named type inside a variable's list and non-null wrappers. */
function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}
