import type { GATEWAY_ERROR_CODES, SourceErrorCode } from './error-codes.js';

/**
 * Every failure the gateway reports carries one of these codes (error-codes.ts), as undici's
 * errors do: callers branch on `err.code`, never on `instanceof` or message text.
 */
export type ErrorCode = keyof typeof GATEWAY_ERROR_CODES | SourceErrorCode;

/** A source's failures, and UNAUTHENTICATED for a forward-mode source the caller sent no credential for. */
export type UpstreamErrorCode = SourceErrorCode | 'UNAUTHENTICATED';

/** A failure with a code and a message that is safe to show a client (no secrets, no upstream bodies). */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  /** For BAD_USER_INPUT: the argument at fault (`extensions.argument`). */
  readonly argument: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; argument?: string }) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
    this.argument = options?.argument;
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
  declare readonly code: UpstreamErrorCode;
  readonly source: string;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: UpstreamErrorCode, message: string, details: UpstreamErrorDetails) {
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

/** Bad input, naming the argument at fault when it is known here. */
export function badUserInput(message: string, argument?: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, argument === undefined ? {} : { argument });
}

/**
 * Runs `fn`; a BAD_USER_INPUT it throws without an argument (a source name checked deep down,
 * which cannot know what the caller called it) is given `argument`.
 */
export function inArgument<T>(argument: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GatewayError && !(err instanceof UpstreamError) && err.code === 'BAD_USER_INPUT' && err.argument === undefined) {
      throw badUserInput(err.message, argument);
    }
    throw err;
  }
}
