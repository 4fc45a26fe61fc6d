import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.js';
import { everyRequest } from './every-request.js';

/**
 * Appends the per-source failures collected during execution to the response's errors, and the
 * upstream call counts to `extensions.upstream` when `server.upstreamStats` is on. The data stays
 * and the status stays 200: one failing vendor does not take the others' answers down.
 */
export function partialResultsPlugin(options: { upstreamStats: boolean }): ApolloServerPlugin<GatewayContext> {
  return everyRequest({
    willSendResponse({ response, contextValue }) {
      if (response.body.kind !== 'single') return;
      const result = response.body.singleResult;
      if (contextValue.partial.size > 0) {
        const added = contextValue.partial.toGraphQLErrors().map((e) => e.toJSON());
        result.errors = [...(result.errors ?? []), ...added];
      }
      if (options.upstreamStats) {
        result.extensions = { ...result.extensions, upstream: contextValue.stats.toJSON() };
      }
    },
  });
}
