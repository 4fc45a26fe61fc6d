import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../../context.js';

/**
 * A plugin that hands the same listener to every request: for hooks that keep nothing between
 * them (a new listener per request was garbage). Direct execution looks at such a listener's
 * hooks once, not per request.
 */
export function everyRequest(listener: GraphQLRequestListener<GatewayContext>): ApolloServerPlugin<GatewayContext> {
  return { requestDidStart: async () => listener };
}
