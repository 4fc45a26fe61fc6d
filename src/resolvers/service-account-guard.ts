import type { GatewayContext } from '../context.js';

/**
 * Why a token operation on this user is refused, or undefined when it may go ahead: the user owns
 * the source's service credential (reading its token would reveal the gateway's own credential;
 * refreshing it would revoke it and lock the gateway out), or who owns it cannot be found out now.
 */
export async function serviceAccountRefusal(ctx: GatewayContext, source: string, nativeId: string): Promise<string | undefined> {
  const runtime = ctx.runtime(source);
  switch (await runtime.serviceAccount.classify(nativeId, ctx.stats)) {
    case 'other':
      return undefined;
    case 'owner':
      return `this user owns the gateway's own credential for source "${source}" (see me(source: "${source}")): its token is neither shown nor refreshed through the gateway`;
    case 'unknown':
      return `source "${source}" did not say whose credential the gateway uses, so no token is shown or refreshed until it does; try again later`;
  }
}
