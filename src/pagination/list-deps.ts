import type { GatewayError } from '../errors.js';
import type { RequestLoaders } from '../loaders/create-loaders.js';

/** How a source lists: all at once (DQOps, Rockset), or in windows of at most `maxPageSize` (Waldur). */
export type Listing = { readonly listing: 'all' } | { readonly listing: 'paged'; readonly maxPageSize: number };

/**
 * What listing and counting need from the request, and no more: which sources the caller may
 * list, how each lists, and the request's loaders (which make every upstream call). Not the
 * GraphQL context: pagination knows nothing of resolvers, paths or error reporting.
 */
export interface ListDeps {
  /** The sources the caller may list, in configured order. */
  readonly sourceNames: readonly string[];
  /** How `name` lists; throws the GatewayError for a source the caller may not name. */
  listing(name: string): Listing;
  readonly loaders: RequestLoaders;
}

/** What a list or a count found, and the sources that failed while finding it (each left out of it). */
export interface Found<T> {
  value: T;
  failures: readonly GatewayError[];
}
