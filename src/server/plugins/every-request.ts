import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../../context.js';

type ApolloListener = GraphQLRequestListener<GatewayContext>;

/** The request hooks our plugins use. */
export type EveryRequestHook = 'validationDidStart' | 'didResolveOperation' | 'didEncounterErrors' | 'willSendResponse';

/**
 * Apollo's hooks, each allowed to finish synchronously: a promise only where a hook has something
 * to wait for. Direct execution awaits only the promises; Apollo's pipeline sees async hooks.
 */
export type EveryRequestListener = {
  [K in EveryRequestHook]?: (requestContext: Parameters<NonNullable<ApolloListener[K]>>[0]) => void | Promise<void>;
};

const LISTENER = Symbol('usergraph.everyRequest');

/** A plugin made by everyRequest, carrying its listener for direct execution. */
type EveryRequestPlugin = ApolloServerPlugin<GatewayContext> & { readonly [LISTENER]: EveryRequestListener };

/**
 * A plugin that hands the same listener to every request: for hooks that keep nothing between
 * them (a new listener per request was garbage). Direct execution takes the listener straight
 * from the plugin (listenerOf) and looks at its hooks once, not per request; per request it
 * then makes no promise for a hook that did not return one (a third of a request's promises were these).
 */
export function everyRequest(listener: EveryRequestListener): ApolloServerPlugin<GatewayContext> {
  const apollo: Record<string, (requestContext: never) => Promise<undefined>> = {};
  for (const [name, hook] of Object.entries(listener) as [EveryRequestHook, (requestContext: never) => void | Promise<void>][]) {
    apollo[name] = async (requestContext) => {
      await hook.call(listener, requestContext);
      return undefined;
    };
  }
  const forApollo = apollo as ApolloListener;
  const plugin: EveryRequestPlugin = { requestDidStart: async () => forApollo, [LISTENER]: listener };
  return plugin;
}

/** The listener an everyRequest plugin hands every request, or undefined for any other plugin. */
export function listenerOf(plugin: ApolloServerPlugin<GatewayContext>): EveryRequestListener | undefined {
  return (plugin as Partial<EveryRequestPlugin>)[LISTENER];
}
