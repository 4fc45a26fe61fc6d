import { type RouteParams, Router } from '../router.js';
import { type RoutedRequest, type SimRequest, type SimResponse, UNMATCHED_ROUTE } from '../sim-types.js';
import { authenticate, type CallerHandler } from './auth.js';
import { rocksetError } from './errors.js';
import { listPreferences, updatePreferences } from './preference-routes.js';
import { checkAccept } from './request-body.js';
import type { RocksetStore } from './state.js';
import { createUser, deleteUser, getCurrentUser, getUser, listUsers, updateUser } from './user-routes.js';

const USERS = '/v1/orgs/self/users';

/**
 * The user-management paths of `rockset-js-0.9.2-users-swagger2.yaml`. `self` is a literal
 * segment that overlaps `{user}`; the shared router lets the literal win, so `DELETE /users/self`
 * is a 405 on the `self` route, not the deletion of a user called "self".
 */
export function createRocksetRouter(): Router<RocksetStore> {
  return new Router<RocksetStore>()
    .add('GET', USERS, withCaller(listUsers))
    .add('POST', USERS, withCaller(createUser))
    .add('GET', `${USERS}/self`, withCaller(getCurrentUser))
    .add('GET', `${USERS}/self/preferences`, withCaller(listPreferences))
    .add('POST', `${USERS}/self/preferences`, withCaller(updatePreferences))
    .add('GET', `${USERS}/{user}`, withCaller(getUser))
    .add('POST', `${USERS}/{user}`, withCaller(updateUser))
    .add('DELETE', `${USERS}/{user}`, withCaller(deleteUser));
}

/** Routes a request; authentication comes first, even for unknown paths and methods. */
export function routeRockset(router: Router<RocksetStore>, store: RocksetStore, req: SimRequest): RoutedRequest {
  const match = router.match(req.method, req.path);
  switch (match.kind) {
    case 'found':
      return { route: `${match.route.method} ${match.route.pattern}`, respond: () => match.route.handler(req, match.params, store) };
    case 'method-not-allowed': {
      const allow = match.allowed.join(', ');
      const answer: CallerHandler = () =>
        rocksetError(405, 'METHODNOTALLOWED', `Method ${req.method} is not allowed on ${match.pattern}; allowed: ${allow}.`, { allow });
      return { route: `${req.method} ${match.pattern}`, respond: () => withCaller(answer)(req, {}, store) };
    }
    case 'not-found': {
      const answer: CallerHandler = () => rocksetError(404, 'NOTFOUND', `No endpoint ${req.method} ${req.path.slice(0, 200)}.`);
      return { route: UNMATCHED_ROUTE, respond: () => withCaller(answer)(req, {}, store) };
    }
  }
}

/**
 * Runs a handler for an authenticated caller. The order follows a JAX-RS server: the auth
 * filter (401), then content negotiation (406), then the resource method, which reads its body
 * (415, 400) before checking privileges (403). A guess at Rockset's order, not verified.
 */
function withCaller(handler: CallerHandler): (req: SimRequest, params: RouteParams, store: RocksetStore) => SimResponse {
  return (req, params, store) => {
    const auth = authenticate(req, store);
    if (!auth.ok) return auth.response;
    const response = checkAccept(req) ?? handler(req, params, store, auth.caller);
    return { ...response, actor: auth.caller.email };
  };
}
