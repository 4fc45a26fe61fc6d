import { type GraphQLFieldResolver, type GraphQLObjectType, GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { type AuthCheckerFn, AuthorizationError, getMetadataStorage } from 'type-graphql';

/** What type-graphql's metadata holds of a `@Query`/`@Mutation` method once `buildSchema` has run. */
interface HandlerMetadata {
  schemaName: string;
  methodName: string;
  target: new () => object;
  params?: readonly ParamMetadata[];
  roles?: unknown[];
  middlewares?: readonly unknown[];
}

/** The parts of type-graphql's ParamMetadata read here (its type is not exported). */
interface ParamMetadata {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
  typeOptions?: { array?: boolean };
  validateFn?: unknown;
}

type ParamReader = (root: unknown, args: Record<string, unknown>, context: Record<string, unknown>, info: unknown) => unknown;

const PLAIN_TYPES: readonly unknown[] = [String, Number, Boolean];

/**
 * Puts a plainer resolver on every root field that type-graphql's own wrapping adds nothing to:
 * its `@Authorized` check, then the method with its arguments, as type-graphql calls them, without
 * the middleware chain around them. That chain (an async dispatcher, the auth middleware, an async
 * check of each argument against the validation that `validate: false` turns off, then
 * `Promise.all` of the arguments) made about five promises a root field and sorted its parameter
 * list on every call: 2.5 µs a call against 0.9 (bench/README.md, eighth session).
 *
 * Left to type-graphql: a field with a middleware of its own, without roles (none: a test keeps
 * every root field `@Authorized`), or with an argument it converts (an input class, whose plain
 * object it makes an instance of; `@Args`; custom decorators). Returns the fields replaced.
 */
export function leanRootResolvers<C extends object, R>(
  schema: GraphQLSchema,
  resolvers: readonly (new () => object)[],
  authChecker: AuthCheckerFn<C, R>,
): string[] {
  const storage = getMetadataStorage() as unknown as { queries: HandlerMetadata[]; mutations: HandlerMetadata[] };
  const replaced: string[] = [];
  const roots: [GraphQLObjectType | null | undefined, readonly HandlerMetadata[]][] = [
    [schema.getQueryType(), storage.queries],
    [schema.getMutationType(), storage.mutations],
  ];
  for (const [type, handlers] of roots) {
    if (!type) continue;
    const fields = type.getFields();
    for (const handler of handlers) {
      const field = fields[handler.schemaName];
      if (!field || !resolvers.includes(handler.target)) continue;
      // Filled in by buildSchema: without them this type-graphql does not work as read here.
      if (handler.params === undefined || handler.middlewares === undefined) {
        throw new Error(`type-graphql left no built metadata on ${type.name}.${handler.schemaName}: lean-root-resolvers.ts needs updating`);
      }
      // Two methods for one field name: leave it to type-graphql, which knows which one it used.
      if (handlers.filter((h) => h.schemaName === handler.schemaName && resolvers.includes(h.target)).length > 1) continue;
      const resolve = leanResolver(handler, authChecker);
      if (!resolve) continue;
      field.resolve = resolve;
      replaced.push(`${type.name}.${handler.schemaName}`);
    }
  }
  return replaced;
}

function leanResolver<C extends object, R>(handler: HandlerMetadata, authChecker: AuthCheckerFn<C, R>): GraphQLFieldResolver<unknown, C> | undefined {
  const { roles, middlewares, params = [] } = handler;
  if (roles === undefined || (middlewares?.length ?? 0) > 0) return undefined;
  const readers: ParamReader[] = [];
  for (const param of [...params].sort((a, b) => a.index - b.index)) {
    const reader = readerOf(param);
    if (!reader) return undefined;
    readers.push(reader);
  }
  const method = (handler.target.prototype as Record<string, unknown>)[handler.methodName];
  if (typeof method !== 'function') return undefined;
  let instance: object | undefined;
  const call = (root: unknown, args: Record<string, unknown>, context: Record<string, unknown>, info: unknown): unknown => {
    instance ??= new handler.target();
    const values = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i++) values[i] = (readers[i] as ParamReader)(root, args, context, info);
    return (method as (...values: unknown[]) => unknown).apply(instance, values);
  };
  // The roles are `@Authorized`'s, as type-graphql hands them to the checker.
  const needed = roles as R[];
  // Named, so a test can tell it from type-graphql's.
  const leanRootResolve: GraphQLFieldResolver<unknown, C> = (root, args, context, info) => {
    const granted = authChecker({ root, args, context, info }, needed);
    // authMode 'error', as buildSchema is given: a checker that returns false (ours throws its own error) refuses.
    if (granted instanceof Promise) {
      return granted.then((ok) => {
        if (!ok) throw new AuthorizationError();
        return call(root, args, context as unknown as Record<string, unknown>, info);
      });
    }
    if (!granted) throw new AuthorizationError();
    return call(root, args, context as unknown as Record<string, unknown>, info);
  };
  return leanRootResolve;
}

/** How type-graphql reads one parameter, for the kinds it passes through unchanged; undefined for the rest. */
function readerOf(param: ParamMetadata): ParamReader | undefined {
  switch (param.kind) {
    case 'arg': {
      const name = param.name;
      if (name === undefined || param.validateFn !== undefined || !param.getType) return undefined;
      const type = param.getType();
      // A scalar passes through type-graphql's conversion as it is; an input class does not.
      if (!(type instanceof GraphQLScalarType) && !PLAIN_TYPES.includes(type)) return undefined;
      // A list it copies (convertValuesToInstances maps it): so does this, so a resolver may keep it.
      if (param.typeOptions?.array) return (_root, args) => (Array.isArray(args[name]) ? [...(args[name] as unknown[])] : args[name]);
      return (_root, args) => args[name];
    }
    case 'context': {
      const property = param.propertyName;
      return property === undefined ? (_root, _args, context) => context : (_root, _args, context) => context[property];
    }
    case 'info':
      return (_root, _args, _context, info) => info;
    case 'root':
      return param.propertyName === undefined && param.getType === undefined ? (root) => root : undefined;
    default:
      return undefined;
  }
}
