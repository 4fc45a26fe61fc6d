import type { GraphQLError } from 'graphql';
import { type GatewayError, UpstreamError } from '../errors.js';
import { toGraphQLError } from './error-extensions.js';

/**
 * Errors of sources that failed while other sources answered: the field keeps the others' data,
 * and the failure is reported once per source and code, at the first path it affected.
 */
export class PartialErrors {
  // Made on the first error: most requests have none, and every request has one of these.
  #errors: { error: GatewayError; path: readonly (string | number)[] }[] | undefined;
  #seen: Set<string> | undefined;

  /** `key` says which errors are one (default: the same source and code): only the first is kept. */
  add(error: GatewayError, path: readonly (string | number)[], key = `${error instanceof UpstreamError ? error.source : ''}\u0000${error.code}`): void {
    this.#seen ??= new Set();
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#errors ??= [];
    this.#errors.push({ error, path });
  }

  get size(): number {
    return this.#errors?.length ?? 0;
  }

  toGraphQLErrors(): GraphQLError[] {
    return this.#errors?.map(({ error, path }) => toGraphQLError(error, path)) ?? [];
  }
}
