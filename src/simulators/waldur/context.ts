import type { RouteParams } from '../router.js';
import type { SimRequest, SimResponse } from '../sim-types.js';
import { authenticate } from './auth.js';
import { NOT_AUTHENTICATED, unauthorized } from './errors.js';
import type { UserRecord } from './records.js';
import type { WaldurState } from './state.js';

/** What every Waldur route handler gets besides the request. */
export interface WaldurContext {
  state: WaldurState;
}

/** A handler that runs only for an authenticated user (DRF `IsAuthenticated`). */
export type AuthedHandler = (req: SimRequest, params: RouteParams, ctx: WaldurContext, viewer: UserRecord) => SimResponse;

/**
 * DRF's `initial()`: authentication first (a bad credential is a 401 whatever the route), then
 * `IsAuthenticated` (anonymous is a 401 "Authentication credentials were not provided.").
 * The response carries the authenticated username for the request log.
 */
export function authed(handler: AuthedHandler) {
  return (req: SimRequest, params: RouteParams, ctx: WaldurContext): SimResponse => {
    const auth = authenticate(req, ctx.state);
    if (auth.kind === 'failed') return auth.response;
    if (auth.kind === 'anonymous') return unauthorized(NOT_AUTHENTICATED);
    return { ...handler(req, params, ctx, auth.user), actor: auth.user.username };
  };
}

/** `request.query_params.get(name)`: Django's QueryDict returns the last value of a repeated key. */
export function lastParam(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  return all.length === 0 ? undefined : all[all.length - 1];
}

export function isStaffOrSupport(user: UserRecord): boolean {
  return user.is_staff || user.is_support;
}
