import { jsonResponse, type SimResponse } from '../sim-types.js';

/**
 * Waldur's error bodies. DRF's exception handler gives `{"detail": ...}` for auth, permission,
 * 404 and parse errors, a field map for serializer errors and a bare array for a view's
 * `ValidationError("text")` (contracts/waldur README, "Error body shapes"). Errors that never
 * reach DRF come from Django (HTML 404/500) or the reverse proxy in front of it (nginx HTML).
 */

/** `{"detail": message}` with the given status. */
export function detail(status: number, message: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, { detail: message }, headers);
}

/** 401: DRF adds `WWW-Authenticate` from the first authenticator, Waldur's TokenAuthentication. */
export function unauthorized(message: string): SimResponse {
  return detail(401, message, { 'www-authenticate': 'Token' });
}

export const NOT_AUTHENTICATED = 'Authentication credentials were not provided.';

export function permissionDenied(message = 'You do not have permission to perform this action.'): SimResponse {
  return detail(403, message);
}

/** DRF's `NotFound`. DRF 3.15+ may pass Django's "No User matches the given query." instead (README: text varies). */
export function notFound(): SimResponse {
  return detail(404, 'Not found.');
}

/** A serializer's errors: `{"field": ["msg"], "non_field_errors": [...]}`. */
export function fieldErrors(errors: Record<string, string[]>): SimResponse {
  return jsonResponse(400, errors);
}

/** A view's `raise ValidationError("text")`: DRF wraps the string in a list. */
export function bareValidationError(message: string): SimResponse {
  return jsonResponse(400, [message]);
}

/** DRF's `MethodNotAllowed`; `finalize_response` adds the `Allow` header. */
export function methodNotAllowed(method: string, allowed: string[]): SimResponse {
  return detail(405, `Method "${method}" not allowed.`, { allow: allowed.join(', ') });
}

/** DRF's `Throttled`, with `Retry-After` in seconds. */
export function throttled(waitSeconds: number): SimResponse {
  const unit = waitSeconds === 1 ? 'second' : 'seconds';
  return detail(429, `Request was throttled. Expected available in ${waitSeconds} ${unit}.`, { 'retry-after': String(waitSeconds) });
}

/** Django's default 404 page (DEBUG off) for a URL no route matches. */
export function djangoNotFound(): SimResponse {
  return html(
    404,
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n' +
      '  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
  );
}

/** Django's default 500 (DEBUG off): an unhandled exception in a view. */
export function djangoServerError(): SimResponse {
  return html(500, '<h1>Server Error (500)</h1>');
}

/** Django's CommonMiddleware (APPEND_SLASH): a path that only exists with a trailing slash. */
export function appendSlashRedirect(location: string): SimResponse {
  return { status: 301, headers: { 'content-type': 'text/html; charset=utf-8', location } };
}

const REASONS: Record<number, string> = {
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** An error page from the nginx in front of Waldur: body too large, upstream down or slow. */
export function nginxError(status: number): SimResponse {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    headers: { 'content-type': 'text/html', server: 'nginx' },
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

function html(status: number, body: string): SimResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

const INJECTED_4XX: Record<number, string> = {
  400: 'Malformed request.',
  401: NOT_AUTHENTICATED,
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
  405: 'Method not allowed.',
  406: 'Could not satisfy the request Accept header.',
  409: 'A server error occurred.',
  415: 'Unsupported media type in request.',
};

/**
 * An injected fault as Waldur's stack would send it: 500 is Django's HTML page, other 5xx and
 * 413 come from nginx, 429 is DRF throttling, other 4xx are DRF `{"detail"}` bodies.
 */
export function injectedError(status: number, retryAfterSeconds?: number): SimResponse {
  if (status === 429) return throttled(retryAfterSeconds ?? 1);
  if (status === 500) return djangoServerError();
  if (status >= 500 || status === 413) return nginxError(status);
  if (status === 401) return unauthorized(NOT_AUTHENTICATED);
  return detail(status, INJECTED_4XX[status] ?? 'A server error occurred.');
}
