import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.js';
import { formatError } from '../format-errors.js';

/**
 * Logs a request's errors as they will be sent (codes, sources, paths and safe messages), at warn
 * level, with the operation's name. Never the query text or the variables: they can hold passwords.
 */
export function errorLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const safe = errors.map((e) => {
            const f = formatError(e.toJSON(), e);
            return { message: f.message, code: f.extensions?.['code'], source: f.extensions?.['source'], path: f.path };
          });
          contextValue.logger?.warn({ operationName: operationName ?? null, errors: safe }, 'graphql errors');
        },
      };
    },
  };
}
