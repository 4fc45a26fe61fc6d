import { type RoutedRequest, type SimRequest, type SimResponse, UNMATCHED_ROUTE, type VendorSimulator } from '../sim-types.js';
import { authenticate, type DqopsAuthMode, hasPermission } from './auth.js';
import { accessDeniedByFilterChain, emptyStatus, reasonPhrase, SPRING_SECURITY_HEADERS, springError } from './errors.js';
import { createDqopsRouter } from './routes.js';
import { parseDqopsSeed } from './seed.js';
import { DqopsState } from './state.js';

export interface DqopsSimulatorOptions {
  /**
   * What a request without a bearer token gets. The real server's default is `none` (it runs as
   * the local admin), but the simulator defaults to `dqops_cloud` (401): the gateway always sends
   * a key, and tests need the 401 a multi-user instance gives. See DqopsAuthMode.
   */
  authMode?: DqopsAuthMode;
}

/**
 * A DQOps instance's user-management API (`/api/users…`, `/api/mypassword`) as the
 * contracts/dqops README describes the real server. Throws a SeedError for a bad `dqops` seed section.
 */
export function createDqopsSimulator(seed: unknown, options: DqopsSimulatorOptions = {}): VendorSimulator {
  const state = new DqopsState(parseDqopsSeed(seed));
  const authMode = options.authMode ?? 'dqops_cloud';
  const router = createDqopsRouter();
  function respond(req: SimRequest): SimResponse {
    // AuthenticateWithDqoCloudWebFilter runs before any routing: a bad token is a 401 on any path.
    const auth = authenticate(req, state, authMode);
    if (!auth.ok) return auth.response;
    const { principal } = auth;
    if (!hasPermission(principal, 'view')) return { ...accessDeniedByFilterChain(), actor: principal.actor };
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const match = router.match(method, req.path);
    let response: SimResponse;
    switch (match.kind) {
      case 'found':
        response = match.route.handler(req, match.params, { principal, state });
        break;
      case 'method-not-allowed':
        response = methodNotAllowed(req, match.allowed);
        break;
      case 'not-found':
        response = notFound(req);
        break;
    }
    return { ...response, actor: principal.actor };
  }

  return {
    vendor: 'dqops',
    route(req: SimRequest): RoutedRequest {
      const match = router.match(req.method === 'HEAD' ? 'GET' : req.method, req.path);
      const route =
        match.kind === 'found'
          ? `${req.method} ${match.route.pattern}`
          : match.kind === 'method-not-allowed'
            ? `${req.method} ${match.pattern}`
            : UNMATCHED_ROUTE;
      return { route, respond: () => withSecurityHeaders(respond(req)) };
    },
    bodyTooLarge(req: SimRequest): SimResponse {
      const auth = authenticate(req, state, authMode);
      if (!auth.ok) return withSecurityHeaders(auth.response);
      // Spring's codec limit (spring.codec.max-in-memory-size: 10MB in DQOps' application.yml) ends
      // in PayloadTooLargeException; the simulator's server applies its own, smaller limit.
      return withSecurityHeaders(springError(413, req.path, { message: null, exception: 'org.springframework.web.server.PayloadTooLargeException' }));
    },
    errorResponse(req: SimRequest, status: number, retryAfterSeconds?: number): SimResponse {
      // DQOps never sends 429 itself: a proxy in front of it would, with an empty body.
      if (status === 429) return emptyStatus(429, { 'retry-after': String(retryAfterSeconds ?? 1) });
      // A 5xx is Spring's error JSON, as for an exception no controller caught (its message is
      // the status's phrase: the simulator has no exception to quote); a 4xx is as empty as
      // every 4xx the controllers send.
      if (status >= 500) {
        return withSecurityHeaders(
          springError(status, req.path, { message: reasonPhrase(status), exception: 'org.springframework.web.server.ResponseStatusException' }),
        );
      }
      return withSecurityHeaders(emptyStatus(status));
    },
    state: () => state.dump(),
    outbox: () => [],
    reset: () => state.reset(),
  };
}

/**
 * Spring's handler mapping: a known path with another method is a 405 with `Allow`; OPTIONS on a
 * known path is answered by Spring itself with the allowed methods (plus HEAD and OPTIONS).
 * `HttpHeaders.setAllow` joins the methods with a bare comma.
 */
function methodNotAllowed(req: SimRequest, allowed: string[]): SimResponse {
  if (req.method === 'OPTIONS') {
    const methods = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
    return emptyStatus(200, { allow: methods.join(',') });
  }
  return springError(405, req.path, {
    message: `Request method '${req.method}' is not supported.`,
    exception: 'org.springframework.web.server.MethodNotAllowedException',
    headers: { allow: allowed.join(',') },
  });
}

/**
 * No mapping: Spring Boot's static-resource handler (`/**`) finds nothing and raises a reasonless
 * ResponseStatusException, so `message` is null. Paths outside `/api` would get the UI's
 * index.html (ServeIndexHtmlWebFilter) on the real server; the simulator serves no UI.
 */
function notFound(req: SimRequest): SimResponse {
  return springError(404, req.path, { message: null, exception: 'org.springframework.web.server.ResponseStatusException' });
}

function withSecurityHeaders(response: SimResponse): SimResponse {
  return { ...response, headers: { ...SPRING_SECURITY_HEADERS, ...response.headers } };
}
