/**
 * Every failure the gateway reports carries one of these codes (PRODUCT.md section 4), as undici's
 * errors do: callers branch on `err.code`, never on `instanceof` or message text.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_BY_SOURCE'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_FORBIDDEN'
  | 'UPSTREAM_CONFLICT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'OUTCOME_UNKNOWN';

/** A failure with a code and a message that is safe to show a client (no secrets, no upstream bodies). */
export class GatewayError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
  }
}

export interface UpstreamErrorDetails {
  /** The config name of the source that failed. */
  source: string;
  /** The upstream's HTTP status, when it answered at all. */
  httpStatus?: number;
  /** Whether the same request may succeed if tried again later. */
  retryable: boolean;
  /** From the upstream's `Retry-After`, when it sent one. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A failure of one source: the other sources' data still comes back. */
export class UpstreamError extends GatewayError {
  readonly source: string;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, details: UpstreamErrorDetails) {
    super(code, message, { cause: details.cause });
    this.name = 'UpstreamError';
    this.source = details.source;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** An operation the source's vendor does not offer; raised before any upstream call. */
export function unsupportedBySource(source: string, operation: string): UpstreamError {
  return new UpstreamError('UNSUPPORTED_BY_SOURCE', `source "${source}" does not support ${operation}`, { source, retryable: false });
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}
