import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { Found, ListDeps } from '../pagination/list-deps.js';

/** The response path of the field being resolved, aliases included. */
export function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}

/**
 * What a list or a count found, for the field to return; each source that failed meanwhile is
 * reported as an error on this field's path, beside the data (PRODUCT.md: honest partial results).
 */
export function reportFound<T>(ctx: GatewayContext, info: GraphQLResolveInfo, found: Found<T>): T {
  if (found.failures.length > 0) {
    const path = pathOf(info);
    for (const failure of found.failures) ctx.partial.add(failure, path);
  }
  return found.value;
}

/** The part of the request that listing needs (pagination/list-deps.ts). */
export function listDepsOf(ctx: GatewayContext): ListDeps {
  return {
    sourceNames: ctx.sources.map((s) => s.name),
    // An adapter is a Listing: its kind and, when it pages, its largest window.
    listing: (name) => ctx.runtime(name).adapter,
    loaders: ctx.loaders,
  };
}
