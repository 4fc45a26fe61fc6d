import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccessMutationResolver } from '../resolvers/access-mutation.resolver.js';
import { AccountMutationResolver } from '../resolvers/account-mutation.resolver.js';
import { OffboardingResolver } from '../resolvers/offboarding.resolver.js';
import { PermissionResolver } from '../resolvers/permission.resolver.js';
import { PersonConnectionResolver, PersonResolver } from '../resolvers/person.resolver.js';
import { SourceResolver } from '../resolvers/source.resolver.js';
import { UserConnectionResolver, UserResolver } from '../resolvers/user.resolver.js';
import { UserMutationResolver } from '../resolvers/user-mutation.resolver.js';
import { VendorExtrasResolver } from '../resolvers/vendor-extras.resolver.js';
import { authChecker } from './auth/auth-checker.js';

/** Builds the gateway's executable schema from the type-graphql classes. */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  // validate: false because inputs are checked by our own validators (class-validator is not used).
  return buildSchema({
    resolvers: [
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
    ],
    validate: false,
    authChecker,
    // A refusal throws its own FORBIDDEN error (auth-checker.ts); this only covers a checker that returns false.
    authMode: 'error',
  });
}

export const SCHEMA_FILE_HEADER = '# Emitted from the code by `npm run schema`; do not edit. A test fails when it is stale.\n\n';

/** The SDL committed as schema/schema.graphql: sorted, so that a diff shows real changes only. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${SCHEMA_FILE_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
