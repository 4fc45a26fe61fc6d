import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { type ErrorCode, GatewayError, UpstreamError } from '../errors.js';
import { maskInputValues } from './mask-input-values.js';

/** Apollo and graphql-js codes of errors about the request itself, whose messages may quote input. */
const REQUEST_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** The extensions of every error the gateway reports for a source (PRODUCT.md section 4). */
export interface GatewayErrorExtensions {
  code: ErrorCode;
  source?: string;
  httpStatus?: number;
  retryable?: boolean;
  /** Seconds, from the upstream's Retry-After. */
  retryAfter?: number;
}

export function gatewayExtensions(err: GatewayError): GatewayErrorExtensions {
  const ext: GatewayErrorExtensions = { code: err.code };
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

/**
 * Apollo's formatError (modelled on its normalizeAndFormatErrors): accepts anything, never throws.
 * Our coded errors keep their safe message and get their extensions; graphql-js and Apollo's own
 * request errors (parse, validation, bad variables) pass through; anything else is an internal
 * error with a neutral message, so no stack, upstream body or secret reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) {
    return { ...formatted, message: original.message, extensions: { ...gatewayExtensions(original) } };
  }
  const limit = formatted.extensions?.['limit'];
  if (typeof limit === 'string') return { message: formatted.message, extensions: { code: limit } };
  const tokens = /^Syntax Error: Document contains more that (\d+) tokens/.exec(formatted.message);
  if (tokens) return { message: `TOKEN_LIMIT_EXCEEDED: more than ${tokens[1]} tokens`, extensions: { code: 'TOKEN_LIMIT_EXCEEDED' } };
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return { ...formatted, message: maskInputValues(formatted.message) };
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const masked: GraphQLFormattedError = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return formatted.path ? { ...masked, path: formatted.path } : masked;
}
