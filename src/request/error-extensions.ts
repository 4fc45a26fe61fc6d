import { GraphQLError } from 'graphql';
import { type ErrorCode, type GatewayError, UpstreamError } from '../errors.js';

/** The extensions of every error the gateway reports for a source (PRODUCT.md section 4). */
export interface GatewayErrorExtensions {
  code: ErrorCode;
  /** For BAD_USER_INPUT: the argument at fault. */
  argument?: string;
  source?: string;
  httpStatus?: number;
  retryable?: boolean;
  /** Seconds, from the upstream's Retry-After. */
  retryAfter?: number;
}

export function gatewayExtensions(err: GatewayError): GatewayErrorExtensions {
  const ext: GatewayErrorExtensions = { code: err.code };
  if (err.argument !== undefined) ext.argument = err.argument;
  if (err instanceof UpstreamError) {
    ext.source = err.source;
    if (err.httpStatus !== undefined) ext.httpStatus = err.httpStatus;
    ext.retryable = err.retryable;
    if (err.retryAfterMs !== undefined) ext.retryAfter = Math.ceil(err.retryAfterMs / 1000);
  }
  return ext;
}

/** A GatewayError as a GraphQL error at `path` (for partial results added outside execution). */
export function toGraphQLError(err: GatewayError, path: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(err.message, { path, extensions: { ...gatewayExtensions(err) } });
}
