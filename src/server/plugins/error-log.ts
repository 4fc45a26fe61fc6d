import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.js';
import { formatError } from '../format-errors.js';
import { everyRequest } from './every-request.js';

/**
 * A message for the log with every quoted value replaced by "…": gateway messages quote what the
 * caller sent (a made-up id, an unknown source name, a cursor), and the log keeps no more of the
 * caller's input than it does of variables. The name of the source the error is about is kept.
 */
export function withoutQuotedInput(message: string, source: unknown): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) => (inner === source ? quoted : '"…"'));
}

/**
 * Logs a request's errors as they will be sent (codes, sources, paths and safe messages), at warn
 * level, with the operation's name. Never the query text or the variables: they can hold passwords.
 */
export function errorLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return everyRequest({
    didEncounterErrors({ errors, contextValue, operationName }) {
      const safe = errors.map((e) => {
        const f = formatError(e.toJSON(), e);
        const source = f.extensions?.['source'];
        return { message: withoutQuotedInput(f.message, source), code: f.extensions?.['code'], source, path: f.path };
      });
      contextValue.logger?.warn({ operationName: operationName?.slice(0, 100) ?? null, errors: safe }, 'graphql errors');
    },
  });
}
