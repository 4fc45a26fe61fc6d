import { getMetadataStorage } from 'type-graphql';
import type { Role } from '../../config/config-schema.js';
import { personalData } from '../../resolvers/personal-data.js';

/** What usergraph checks before a field resolves: a role (`@Authorized`), or the pii grant (the personalData middleware). */
export type FieldGuard = { readonly role: Role } | { readonly pii: true };

/**
 * The guards usergraph enforces itself, by `Type.field` of the GraphQL schema, read from the
 * decorators that enforce them (type-graphql's metadata, complete once the schema is built). The
 * subgraph's edge directives are derived from this, so a router filters exactly what usergraph refuses.
 */
export function fieldGuards(): Map<string, FieldGuard> {
  const storage = getMetadataStorage();
  const guards = new Map<string, FieldGuard>();
  const byMethod = new Map(storage.authorizedFields.map((f) => [`${f.target.name}.${f.fieldName}`, f.roles]));
  const roots = [
    ['Query', storage.queries],
    ['Mutation', storage.mutations],
  ] as const;
  for (const [root, resolvers] of roots) {
    for (const resolver of resolvers) {
      const roles =
        byMethod.get(`${resolver.target.name}.${resolver.methodName}`) ?? storage.authorizedResolver.find((c) => c.target === resolver.target)?.roles;
      const role: unknown = roles?.[0];
      if (role === 'viewer' || role === 'admin') guards.set(`${root}.${resolver.schemaName}`, { role });
    }
  }
  for (const m of storage.middlewares) {
    if (!m.middlewares.includes(personalData)) continue;
    const type = storage.objectTypes.find((t) => t.target === m.target);
    const field = type?.fields?.find((f) => f.name === m.fieldName);
    if (type && field) guards.set(`${type.name}.${field.schemaName}`, { pii: true });
  }
  return guards;
}
