import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, Kind } from 'graphql';

/** The status and headers errors ask for (`extensions.http`), as Apollo gathers them. */
export interface HttpFromErrors {
  status: number | undefined;
  headers: HeaderMap;
}

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Apollo Server 5's normalizeAndFormatErrors (errorNormalize.ts), which it does not export: each
 * error becomes a GraphQLError with a code (INTERNAL_SERVER_ERROR when it has none), its
 * `extensions.http` is taken off and merged into the response's status and headers, then the
 * server's formatError runs; a formatError that throws gives the neutral internal error.
 * Stack traces are never included here (includeStacktraceInErrorResponses is off).
 */
export function normalizeAndFormatErrors(errors: readonly unknown[], formatError: FormatError): { formatted: GraphQLFormattedError[]; http: HttpFromErrors } {
  const http: HttpFromErrors = { status: undefined, headers: new HeaderMap() };
  const formatted = errors.map((error) => {
    try {
      return formatError(enrich(error, http), error);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formatted, http };
}

function enrich(error: unknown, http: HttpFromErrors): GraphQLFormattedError {
  const graphqlError = ensureGraphQLError(error);
  const extensions: Record<string, unknown> = { ...graphqlError.extensions, code: graphqlError.extensions['code'] ?? 'INTERNAL_SERVER_ERROR' };
  const head = extensions['http'];
  if (isPartialHead(head)) {
    if (head.status) http.status = head.status;
    for (const [name, value] of head.headers ?? []) http.headers.set(name, value);
    delete extensions['http'];
  }
  return { ...graphqlError.toJSON(), extensions };
}

interface PartialHead {
  status?: number;
  headers?: Map<string, string>;
}

function isPartialHead(x: unknown): x is PartialHead {
  return !!x && typeof x === 'object' && (!('status' in x) || typeof x.status === 'number') && (!('headers' in x) || x.headers instanceof Map);
}

export function ensureGraphQLError(maybeError: unknown): GraphQLError {
  const error = maybeError instanceof Error ? maybeError : new GraphQLError(`Unexpected error value: ${String(maybeError)}`);
  return error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
}

/**
 * A variable that does not coerce, as graphql-js reports it before execution; Apollo
 * (requestPipeline.ts isBadUserInputGraphQLError) gives such errors the BAD_USER_INPUT code.
 */
export function asUserInputError(error: GraphQLError): GraphQLError {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION || error.extensions['code'] != null) return error;
  const name = node.variable.name.value;
  const coercion = [
    `Variable "$${name}" has invalid value`,
    `Variable "$${name}" got invalid value `,
    `Variable "$${name}" of required type `,
    `Variable "$${name}" of non-null type `,
  ];
  if (!coercion.some((start) => error.message.startsWith(start))) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}
