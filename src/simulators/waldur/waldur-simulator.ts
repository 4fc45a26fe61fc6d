import { Router } from '../router.js';
import { jsonResponse, type RoutedRequest, type SimRequest, type SimResponse, UNMATCHED_ROUTE, type VendorSimulator } from '../sim-types.js';
import { authenticate } from './auth.js';
import type { WaldurContext } from './context.js';
import { appendSlashRedirect, djangoNotFound, injectedError, methodNotAllowed, NOT_AUTHENTICATED, nginxError, unauthorized } from './errors.js';
import { addRoleRoutes } from './role-routes.js';
import { parseWaldurSeed } from './seed.js';
import { WaldurState } from './state.js';
import { addUserActionRoutes } from './user-action-routes.js';
import { addUserRoutes } from './user-routes.js';

/**
 * The Waldur 7.9.8 simulator: `/api/users/…` and the customer/project role actions, as
 * described in `contracts/waldur/README.md`. Throws a SeedError on a bad seed.
 */
export function createWaldurSimulator(seed: unknown): VendorSimulator {
  const state = new WaldurState(parseWaldurSeed(seed));
  const ctx: WaldurContext = { state };
  const router = new Router<WaldurContext>();
  addUserRoutes(router);
  addUserActionRoutes(router);
  addRoleRoutes(router);

  return {
    vendor: 'waldur',
    route: (req) => route(router, ctx, req),
    // nginx in front of Waldur refuses the body (client_max_body_size) before Django sees it.
    bodyTooLarge: () => nginxError(413),
    errorResponse: (_req, status, retryAfterSeconds) => injectedError(status, retryAfterSeconds),
    state: () => state.dump(),
    outbox: () => [...state.outbox],
    reset: () => state.reset(),
  };
}

function route(router: Router<WaldurContext>, ctx: WaldurContext, req: SimRequest): RoutedRequest {
  const method = req.method.toUpperCase();
  const match = router.match(method, req.path);
  switch (match.kind) {
    case 'found':
      return { route: `${method} ${match.route.pattern}`, respond: () => match.route.handler(req, match.params, ctx) };
    case 'method-not-allowed':
      return { route: `${method} ${match.pattern}`, respond: () => notAllowed(req, ctx, match.allowed, match.pattern) };
    case 'not-found':
      return { route: UNMATCHED_ROUTE, respond: () => unmatched(router, req) };
  }
}

/**
 * DRF authenticates and checks `IsAuthenticated` before it looks for the method handler,
 * so an anonymous or badly authenticated request gets its 401 before any 405. `OPTIONS`
 * is always allowed by DRF (listed in `Allow`) and answers the view's metadata.
 */
function notAllowed(req: SimRequest, ctx: WaldurContext, allowed: string[], pattern: string): SimResponse {
  const auth = authenticate(req, ctx.state);
  if (auth.kind === 'failed') return auth.response;
  if (auth.kind === 'anonymous') return unauthorized(NOT_AUTHENTICATED);
  const method = req.method.toUpperCase();
  const response = method === 'OPTIONS' ? metadata(pattern) : methodNotAllowed(method, [...allowed, 'OPTIONS']);
  return { ...response, actor: auth.user.username };
}

/** DRF's SimpleMetadata, without the per-field `actions` description. */
function metadata(pattern: string): SimResponse {
  const last =
    pattern
      .split('/')
      .filter((s) => s !== '')
      .at(-1) ?? '';
  const name = last === '{uuid}' ? 'User Instance' : last === 'users' ? 'User List' : last.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return jsonResponse(200, {
    name,
    description: '',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  });
}

/** Django: APPEND_SLASH redirects a path that exists with a trailing slash; anything else is the HTML 404. */
function unmatched(router: Router<WaldurContext>, req: SimRequest): SimResponse {
  if (!req.path.endsWith('/') && router.match(req.method, `${req.path}/`).kind !== 'not-found') {
    return appendSlashRedirect(`${req.path}/${req.url.search}`);
  }
  return djangoNotFound();
}
