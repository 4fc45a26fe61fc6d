import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GatewayError } from '../errors.js';
import { gatewayExtensions } from '../request/error-extensions.js';
import { argumentOf } from './argument-of.js';
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

/**
 * A request error about an argument (a literal that does not fit, a missing or unknown argument,
 * a variable that does not coerce) is BAD_USER_INPUT naming it in `extensions.argument` (and the
 * path inside it, and the variable), whatever stage of graphql-js found it: a client reads one
 * shape for every input problem. Other request errors keep their code.
 */
function requestError(formatted: GraphQLFormattedError, original: unknown, message: string): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  const at = (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT') && original instanceof GraphQLError ? argumentOf(original) : undefined;
  if (!at) return { ...formatted, message };
  const where = at.path.length > 0 ? `${at.argument}.${at.path.join('.')}` : at.argument;
  const extensions: Record<string, unknown> = { ...formatted.extensions, code: 'BAD_USER_INPUT', argument: at.argument };
  if (at.path.length > 0) extensions['argumentPath'] = at.path;
  if (at.variable !== undefined) extensions['variable'] = at.variable;
  const named = message.startsWith('Variable "$') || message.includes(`argument "${at.argument}"`);
  return { ...formatted, message: named ? message : `Argument "${where}": ${message}`, extensions };
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
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return requestError(formatted, original, maskInputValues(formatted.message));
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const masked: GraphQLFormattedError = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return formatted.path ? { ...masked, path: formatted.path } : masked;
}
