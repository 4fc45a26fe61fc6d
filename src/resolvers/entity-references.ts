import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { decodeGlobalId } from '../ids/global-id.js';
import type { SourceInfo, UnifiedUser } from '../sources/model.js';
import { accountsOf } from './person.resolver.js';

/**
 * Federation's reference resolvers (`__resolveReference`): a router hands usergraph `{ id }`,
 * `{ email }` or `{ name }` and gets the entity back. They go through the request's loaders, so 100
 * references cost what 100 lookups cost in one normal query. A reference that is malformed, names
 * an unknown source or one the caller may not use, or matches nothing is null for that entity
 * only; a failing source still reports its error.
 */
export const referenceResolvers = {
  User: {
    async __resolveReference(ref: { id?: unknown }, ctx: GatewayContext): Promise<UnifiedUser | null> {
      if (typeof ref.id !== 'string') return null;
      let key: { source: string; nativeId: string };
      try {
        const { source, nativeId } = decodeGlobalId(ref.id);
        ctx.runtime(source);
        key = { source, nativeId };
      } catch (err) {
        if (err instanceof GatewayError && (err.code === 'BAD_USER_INPUT' || err.code === 'FORBIDDEN')) return null;
        throw err;
      }
      return ctx.loaders.userById.load(key);
    },
  },
  Person: {
    async __resolveReference(ref: { email?: unknown }, ctx: GatewayContext): Promise<{ email: string } | null> {
      if (typeof ref.email !== 'string' || ref.email.length > 254 || !ref.email.includes('@')) return null;
      const email = ref.email.toLowerCase();
      const accounts = await accountsOf(ctx, email, ['_entities']);
      return accounts.length > 0 ? { email } : null;
    },
  },
  Source: {
    __resolveReference(ref: { name?: unknown }, ctx: GatewayContext): SourceInfo | null {
      return typeof ref.name === 'string' ? (ctx.sources.find((s) => s.name === ref.name) ?? null) : null;
    },
  },
};
