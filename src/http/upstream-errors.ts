import { UpstreamError } from '../errors.js';

/**
 * The error for an upstream HTTP status that the adapter did not handle itself. Messages name the
 * source and the status only: upstream bodies may echo what was sent, secrets included.
 */
export function errorForStatus(source: string, status: number, headers: Record<string, string | string[] | undefined>): UpstreamError {
  const details = { source, httpStatus: status };
  if (status === 401)
    return new UpstreamError('UPSTREAM_UNAUTHORIZED', `source "${source}" did not accept the gateway's credential (HTTP 401)`, {
      ...details,
      retryable: false,
    });
  if (status === 403)
    return new UpstreamError('UPSTREAM_FORBIDDEN', `source "${source}" refused the operation for this credential (HTTP 403)`, { ...details, retryable: false });
  if (status === 404) return new UpstreamError('NOT_FOUND', `source "${source}" has no such object (HTTP 404)`, { ...details, retryable: false });
  if (status === 409) return new UpstreamError('UPSTREAM_CONFLICT', `source "${source}" reports a conflict (HTTP 409)`, { ...details, retryable: false });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    return new UpstreamError('UPSTREAM_RATE_LIMITED', `source "${source}" is rate limiting the gateway (HTTP 429)`, {
      ...details,
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `source "${source}" failed (HTTP ${status})`, {
      ...details,
      retryable: status !== 501,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" answered HTTP ${status}, which the gateway did not expect here`, {
    ...details,
    retryable: false,
  });
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
