import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../../context.js';

/** Mutations that set a password or hand out a token (PRODUCT.md section 5: at most one per request). */
export const SECRET_MUTATIONS = new Set(['changePassword', 'changeMyPassword', 'refreshUserToken']);

/**
 * Refuses a request with more than one password or token mutation before anything runs, so a
 * single request cannot rotate many secrets or try many passwords through aliases or fragments.
 */
export function secretMutationLimitPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document }) {
          if (operation?.operation !== 'mutation') return;
          const count = countSecretFields(operation.selectionSet, fragmentsOf(document), new Set());
          if (count > 1) {
            throw new GraphQLError(`at most one password or token mutation (${[...SECRET_MUTATIONS].join(', ')}) per request; this one has ${count}`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

/** Root-level fields, through inline fragments and fragment spreads (each spread counted where it is used). */
function countSecretFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (SECRET_MUTATIONS.has(selection.name.value)) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countSecretFields(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // graphql-js validation has already refused cycles; the guard only keeps this safe on its own.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      count += countSecretFields(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
  }
  return count;
}
