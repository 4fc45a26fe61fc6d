import 'reflect-metadata';
import { type GraphQLSchema, type GraphQLTypeResolver, isAbstractType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccessMutationResolver } from '../resolvers/access-mutation.resolver.js';
import { AccountMutationResolver } from '../resolvers/account-mutation.resolver.js';
import { OffboardingResolver } from '../resolvers/offboarding.resolver.js';
import { PermissionResolver } from '../resolvers/permission.resolver.js';
import { PersonConnectionResolver, PersonResolver } from '../resolvers/person.resolver.js';
import { SourceResolver } from '../resolvers/source.resolver.js';
import { UserConnectionResolver, UserResolver } from '../resolvers/user.resolver.js';
import { UserErrorResolver } from '../resolvers/user-error.resolver.js';
import { UserMutationResolver } from '../resolvers/user-mutation.resolver.js';
import { VendorExtrasResolver } from '../resolvers/vendor-extras.resolver.js';
import { nodeTypeName } from '../schema/node.interface.js';
import { userDetailsTypeName } from '../schema/user-details.union.js';
import { authChecker } from './auth/auth-checker.js';
import { leanRootResolvers } from './lean-root-resolvers.js';

/** What the root types say in the SDL; type-graphql has no option for them. */
const ROOT_DESCRIPTIONS = {
  Query: 'Reads: users, people and sources across every configured vendor. A source that fails adds an error; the others still answer.',
  Mutation:
    'Writes, for administrators. Each returns a payload that can fail alone: an expected failure is in its userErrors, never a null that takes the other mutations of the request with it.',
} as const;

/**
 * Every abstract type's resolveType, synchronous. type-graphql wraps each in an async function,
 * which graphql-js awaits but graphql-jit's compiled queries do not (they would find no type);
 * these are the same functions the decorators name, put back as they are.
 */
const RESOLVE_TYPE: Readonly<Record<string, GraphQLTypeResolver<unknown, unknown>>> = {
  Node: nodeTypeName,
  UserDetails: userDetailsTypeName,
};

/** Builds the gateway's executable schema from the type-graphql classes. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  // validate: false because inputs are checked by our own validators (class-validator is not used).
  const resolvers = [
    SourceResolver,
    UserResolver,
    UserConnectionResolver,
    PersonResolver,
    PersonConnectionResolver,
    PermissionResolver,
    VendorExtrasResolver,
    UserMutationResolver,
    AccessMutationResolver,
    AccountMutationResolver,
    OffboardingResolver,
    UserErrorResolver,
  ] as const;
  const schema = await buildSchema({
    resolvers,
    validate: false,
    authChecker,
    // A refusal throws its own FORBIDDEN error (auth-checker.ts); this only covers a checker that returns false.
    authMode: 'error',
  });
  for (const type of [schema.getQueryType(), schema.getMutationType()])
    if (type) type.description = ROOT_DESCRIPTIONS[type.name as keyof typeof ROOT_DESCRIPTIONS];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type)) continue;
    const resolveType = RESOLVE_TYPE[type.name];
    if (!resolveType) throw new Error(`abstract type ${type.name} has no synchronous resolveType in build-schema.ts RESOLVE_TYPE`);
    type.resolveType = resolveType;
  }
  leanRootResolvers(schema, resolvers, authChecker);
  return schema;
}

export const SCHEMA_FILE_HEADER = '# Emitted from the code by `npm run schema`; do not edit. A test fails when it is stale.\n\n';

/** The SDL committed as schema/schema.graphql: sorted, so that a diff shows real changes only. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${SCHEMA_FILE_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
