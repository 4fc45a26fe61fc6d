import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { decodeGlobalId } from '../ids/global-id.js';
import type { SourceInfo, UnifiedUser } from '../sources/model.js';
import { pathOf } from './found.js';
import { accountsAndFailures } from './person.resolver.js';

/** What a router's representation names, once checked: the same entity always gives the same `key`. */
export type Reference =
  | { readonly type: 'User'; readonly key: string; readonly source: string; readonly nativeId: string }
  | { readonly type: 'Person'; readonly key: string; readonly email: string }
  | { readonly type: 'Source'; readonly key: string; readonly name: string };

/**
 * A representation (`{ __typename, …key fields }`) as a Reference, or why it names nothing:
 * `malformed` (a key field missing or not a usergraph value: null for that entity, no call) or
 * `unknown-type` (a type usergraph does not own: an error for that entity). Person emails are
 * compared lower-cased, as usergraph keys people, so `ADA@EXAMPLE.COM` and `ada@example.com` are one.
 */
export function parseReference(representation: unknown): Reference | 'malformed' | 'unknown-type' {
  if (representation === null || typeof representation !== 'object') return 'unknown-type';
  let parsed = PARSED.get(representation);
  if (parsed === undefined) {
    parsed = parseRepresentation(representation as Record<string, unknown>);
    PARSED.set(representation, parsed);
  }
  return parsed;
}

/**
 * Each representation read once per request: the cost estimator (entities-cost.ts) and the
 * resolver see the same objects (graphql-js hands both the variable's items as sent), and the
 * entry goes with the request's variables.
 */
const PARSED = new WeakMap<object, Reference | 'malformed' | 'unknown-type'>();

function parseRepresentation(rep: Record<string, unknown>): Reference | 'malformed' | 'unknown-type' {
  switch (rep['__typename']) {
    case 'User': {
      const id = rep['id'];
      if (typeof id !== 'string') return 'malformed';
      try {
        const { source, nativeId } = decodeGlobalId(id);
        return { type: 'User', key: `User\u0000${id}`, source, nativeId };
      } catch {
        return 'malformed';
      }
    }
    case 'Person': {
      const email = rep['email'];
      if (typeof email !== 'string' || email.length > 254 || !email.includes('@')) return 'malformed';
      const lower = email.toLowerCase();
      return { type: 'Person', key: `Person\u0000${lower}`, email: lower };
    }
    case 'Source': {
      const name = rep['name'];
      return typeof name === 'string' ? { type: 'Source', key: `Source\u0000${name}`, name } : 'malformed';
    }
    default:
      return 'unknown-type';
  }
}

type Entity = (UnifiedUser | { email: string } | SourceInfo) & { __typename?: string };

/**
 * `Query._entities`, in place of @apollo/subgraph's: a router's batch of references resolved through
 * the request's loaders (100 references cost what 100 lookups cost in one query). Each distinct
 * reference is looked up once, however often it is repeated (Apollo Gateway sends duplicates), and
 * anything that goes wrong is reported on that entity's own path, `[<the field's alias>, index]`:
 * Hive Gateway aliases every `_entities` it batches and drops errors whose path lacks the alias.
 * A reference that names nothing is null; one a failing source kept from resolving is null with that
 * source's error; a Person found in some sources while another failed keeps what was found, and the
 * error is added on its path.
 */
export function resolveEntities(
  representations: readonly unknown[],
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
): (Promise<Entity | null> | Entity | null | GatewayError)[] {
  const fieldPath = pathOf(info);
  const lookups = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, lookup: () => Promise<T>): Promise<T> => {
    let found = lookups.get(key) as Promise<T> | undefined;
    if (!found) {
      found = lookup();
      // Each index that uses it reports the failure itself; this copy is never awaited alone.
      found.catch(() => undefined);
      lookups.set(key, found);
    }
    return found;
  };
  return representations.map((representation, index) => {
    const ref = parseReference(representation);
    if (ref === 'malformed') return null;
    if (ref === 'unknown-type') {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      return new GatewayError('BAD_USER_INPUT', `usergraph owns no entity type ${JSON.stringify(typename ?? null)}: only User, Person and Source`, {
        argument: 'representations',
      });
    }
    if (ref.type === 'User') {
      return once(ref.key, () => userOf(ctx, ref.source, ref.nativeId)).then((user) => (user ? { ...user, __typename: 'User' } : null));
    }
    if (ref.type === 'Person') {
      return once(ref.key, () => accountsAndFailures(ctx, ref.email)).then(({ accounts, failures }) => {
        if (accounts.length === 0) {
          // No account found, but a source could not be asked: not "no such person".
          if (failures[0]) throw failures[0];
          return null;
        }
        for (const failure of failures) ctx.partial.add(failure, [...fieldPath, index]);
        return { email: ref.email, __typename: 'Person' };
      });
    }
    const source = ctx.sources.find((s) => s.name === ref.name);
    return source ? { ...source, __typename: 'Source' } : null;
  });
}

/** A user by source and native id; null where the source is unknown or not the caller's. */
async function userOf(ctx: GatewayContext, source: string, nativeId: string): Promise<UnifiedUser | null> {
  try {
    ctx.runtime(source);
  } catch (err) {
    if (err instanceof GatewayError && (err.code === 'BAD_USER_INPUT' || err.code === 'FORBIDDEN')) return null;
    throw err;
  }
  return ctx.loaders.userById.load({ source, nativeId });
}
