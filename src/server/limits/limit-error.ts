import { GraphQLError } from 'graphql';

/** The codes of refusals for asking too much; each message starts with its code and gives the figure. */
export type LimitCode =
  | 'DEPTH_LIMIT_EXCEEDED'
  | 'ALIAS_LIMIT_EXCEEDED'
  | 'DIRECTIVE_LIMIT_EXCEEDED'
  | 'TOKEN_LIMIT_EXCEEDED'
  | 'COST_LIMIT_EXCEEDED'
  | 'MUTATION_LIMIT_EXCEEDED'
  | 'BATCH_LIMIT_EXCEEDED'
  | 'RESPONSE_LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_ALLOWED';

/**
 * A refused request as a GraphQL error: `extensions.code` is the limit, and `http` tells Apollo the
 * status (400, or 429 with Retry-After). Validation errors lose their code inside Apollo (it sets
 * GRAPHQL_VALIDATION_FAILED), so the code also travels as `extensions.limit`, which formatError restores.
 */
export function limitError(code: LimitCode, detail: string, http: { status?: number; retryAfterSec?: number } = {}): GraphQLError {
  const headers = http.retryAfterSec !== undefined ? new Map([['retry-after', String(http.retryAfterSec)]]) : undefined;
  return new GraphQLError(`${code}: ${detail}`, {
    extensions: { code, limit: code, http: { status: http.status ?? 400, ...(headers ? { headers } : {}) } },
  });
}
