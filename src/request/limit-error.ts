import { GraphQLError } from 'graphql';
import type { LimitErrorCode } from '../error-codes.js';

/** The codes of refusals for asking too much (error-codes.ts); each message starts with its code and gives the figure. */
export type LimitCode = LimitErrorCode;

/**
 * A refused request as a GraphQL error: `extensions.code` is the limit, and `http` tells Apollo the
 * status (400, or 429 with Retry-After). Validation errors lose their code inside Apollo (it sets
 * GRAPHQL_VALIDATION_FAILED), so the code also travels as `extensions.limit`, which formatError restores.
 */
export function limitError(code: LimitCode, detail: string, http: { status?: number; retryAfterSec?: number } = {}): GraphQLError {
  const headers = http.retryAfterSec !== undefined ? new Map([['retry-after', String(http.retryAfterSec)]]) : undefined;
  // Apollo Server reads `http.headers` as a Map. Typed loosely on purpose: graphql-yoga (a test
  // dependency, through Hive Gateway) augments GraphQLErrorExtensions with a Record-typed `http`.
  const extensions: Record<string, unknown> = { code, limit: code, http: { status: http.status ?? 400, ...(headers ? { headers } : {}) } };
  return new GraphQLError(`${code}: ${detail}`, { extensions });
}
