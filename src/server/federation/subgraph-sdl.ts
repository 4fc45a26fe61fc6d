import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  Kind,
  type NamedTypeNode,
  type ObjectTypeDefinitionNode,
  parse,
  parseConstValue,
  visit,
} from 'graphql';
import type { FieldGuard } from './field-guards.js';

/** How usergraph joins a supergraph (`server.federation`). */
export interface SubgraphOptions {
  /** Put before every Query and Mutation field; '' keeps the names. */
  readonly rootPrefix: string;
  /** Put before the name of every type usergraph alone defines (typeRenames); '' keeps the names. */
  readonly typePrefix: string;
  /** `queries`: the subgraph has no mutations; `all`: a router may route them. */
  readonly expose: 'queries' | 'all';
  /** `@authenticated` and `@requiresScopes` for the router to enforce (Hive Gateway; Apollo Router with a license). */
  readonly edgeAuthorization: boolean;
}

export const DEFAULT_SUBGRAPH_OPTIONS: SubgraphOptions = { rootPrefix: '', typePrefix: '', expose: 'queries', edgeAuthorization: false };

/**
 * The scopes a router checks at the edge (`@requiresScopes`), one per thing usergraph itself checks.
 * A JWT carries them in its `scope` claim; usergraph reads the same token with `auth.jwt.roleClaim:
 * scope` and a roleMap from these names (README "In a supergraph").
 */
export const SCOPES = { viewer: 'usergraph:viewer', admin: 'usergraph:admin', pii: 'usergraph:pii' } as const;

/** Tags for contracts (a variant of the supergraph without some of usergraph). */
export const TAGS = { admin: 'usergraph-admin', mutation: 'usergraph-mutation', pii: 'usergraph-pii' } as const;

/** Federation 2.5: the first with `@authenticated` and `@requiresScopes`. */
function federationLink(edgeAuthorization: boolean): string {
  const imports = ['@key', '@shareable', '@tag', ...(edgeAuthorization ? ['@authenticated', '@requiresScopes'] : [])];
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ${JSON.stringify(imports)})`;
}

const ROOTS = new Set(['Query', 'Mutation']);

/** An entity: a type with `@key` (User, Person, Source). */
function isEntity(definition: { readonly directives?: readonly ConstDirectiveNode[] | undefined }): boolean {
  return (definition.directives ?? []).some((d) => d.name.value === 'key');
}

/**
 * usergraph's SDL as a subgraph that composes beside others. Value types are `@shareable`, so a
 * neighbour that declares its own `PageInfo` composes. With `edgeAuthorization`, the entities (User,
 * Person, Source) and every root field carry `@authenticated` and the `@requiresScopes` of the guard
 * usergraph enforces (`guards`), personal data its pii scope (Apollo Gateway refuses a supergraph
 * with them: "feature … is for: SECURITY but is unsupported"). Admin-only and personal fields are
 * tagged for contracts; root fields get `rootPrefix`; `Mutation` and the types only it uses are left
 * out unless `expose: all` (withoutMutations). usergraph still checks every request itself.
 *
 * `Query.node` is left out unless there is a prefix: a supergraph has one `node`, usually a Relay
 * subgraph's, and a `@shareable` one would let the router send any id to either subgraph. Within a
 * supergraph `user(id:)` does what usergraph's `node` did; with a prefix it is `<prefix>node`.
 */
export function federateSdl(sdl: DocumentNode, guards: ReadonlyMap<string, FieldGuard>, options: SubgraphOptions): DocumentNode {
  const definitions: DefinitionNode[] = [...parse(federationLink(options.edgeAuthorization)).definitions];
  for (const definition of options.expose === 'all' ? sdl.definitions : withoutMutations(sdl.definitions)) {
    definitions.push(definition.kind === Kind.OBJECT_TYPE_DEFINITION ? federateType(definition, guards, options) : definition);
  }
  return { kind: Kind.DOCUMENT, definitions };
}

/**
 * The definitions without `Mutation` and the types only mutations use. Marking every mutation
 * `@inaccessible` instead fails composition wherever no other subgraph has a mutation ("Mutation is
 * in the API schema but all of its fields are @inaccessible"), and marking the type would hide the
 * other subgraphs' mutations too.
 */
function withoutMutations(definitions: readonly DefinitionNode[]): DefinitionNode[] {
  const byName = new Map<string, DefinitionNode>();
  for (const d of definitions) if ('name' in d && d.name) byName.set(d.name.value, d);
  const implementers = new Map<string, string[]>();
  for (const d of definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const i of d.interfaces ?? []) implementers.set(i.name.value, [...(implementers.get(i.name.value) ?? []), d.name.value]);
  }
  // What a router can reach: Query, the entities (through _entities), and everything they name.
  const reached = new Set<string>();
  const queue = definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && (d.name.value === 'Query' || isEntity(d)));
  const reach = (name: string): void => {
    const d = byName.get(name);
    if (d && !reached.has(name)) queue.push(d);
  };
  for (let d = queue.shift(); d; d = queue.shift()) {
    if (!('name' in d) || !d.name || reached.has(d.name.value)) continue;
    reached.add(d.name.value);
    visit(d, { [Kind.NAMED_TYPE]: (n: NamedTypeNode) => reach(n.name.value) });
    for (const implementer of implementers.get(d.name.value) ?? []) reach(implementer);
  }
  return definitions
    .filter((d) => !('name' in d) || !d.name || reached.has(d.name.value) || d.kind === Kind.SCALAR_TYPE_DEFINITION || d.kind === Kind.DIRECTIVE_DEFINITION)
    .map((d) => (d.kind === Kind.SCHEMA_DEFINITION ? { ...d, operationTypes: d.operationTypes.filter((o) => o.type.name.value !== 'Mutation') } : d));
}

function federateType(type: ObjectTypeDefinitionNode, guards: ReadonlyMap<string, FieldGuard>, options: SubgraphOptions): ObjectTypeDefinitionNode {
  const name = type.name.value;
  const isRoot = ROOTS.has(name);
  const entity = isEntity(type);
  const typeDirectives = [...(type.directives ?? [])];
  // Entities are usergraph's own: reaching one through another subgraph needs a caller too.
  if (entity && options.edgeAuthorization) typeDirectives.push(directive('authenticated'), requiresScopes({ role: 'viewer' }));
  if (!entity && !isRoot) typeDirectives.push(directive('shareable'));
  const fields = (type.fields ?? [])
    .filter((field) => !(name === 'Query' && field.name.value === 'node' && !options.rootPrefix))
    .map((field) => federateField(name, field, guards.get(`${name}.${field.name.value}`), options));
  return { ...type, directives: typeDirectives, fields };
}

function federateField(typeName: string, field: FieldDefinitionNode, guard: FieldGuard | undefined, options: SubgraphOptions): FieldDefinitionNode {
  const directives = [...(field.directives ?? [])];
  if (options.edgeAuthorization && ROOTS.has(typeName)) directives.push(directive('authenticated'));
  if (options.edgeAuthorization && guard) directives.push(requiresScopes(guard));
  if (guard && 'pii' in guard) directives.push(tag(TAGS.pii));
  if (guard && 'role' in guard && guard.role === 'admin') directives.push(tag(TAGS.admin));
  if (typeName === 'Mutation') directives.push(tag(TAGS.mutation));
  const name = ROOTS.has(typeName) && options.rootPrefix ? { ...field.name, value: `${options.rootPrefix}${field.name.value}` } : field.name;
  return { ...field, name, directives };
}

/** The scopes that pass a guard: any one inner list, all of its scopes (an admin passes every guard). */
export function scopesFor(guard: FieldGuard): string[][] {
  if ('pii' in guard) return [[SCOPES.pii], [SCOPES.admin]];
  return guard.role === 'admin' ? [[SCOPES.admin]] : [[SCOPES.viewer], [SCOPES.admin]];
}

function requiresScopes(guard: FieldGuard): ConstDirectiveNode {
  return directive('requiresScopes', `{ scopes: ${JSON.stringify(scopesFor(guard))} }`);
}

function tag(name: string): ConstDirectiveNode {
  return directive('tag', `{ name: ${JSON.stringify(name)} }`);
}

/** A directive node; `args` as an input object literal, e.g. `{ name: "x" }`. */
function directive(name: string, args?: string): ConstDirectiveNode {
  const value = args ? parseConstValue(args) : undefined;
  const fields = value?.kind === Kind.OBJECT ? value.fields : [];
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: fields.map((f) => ({ kind: Kind.ARGUMENT, name: f.name, value: f.value })),
  };
}

/**
 * The types `typePrefix` renames: every object, interface, union, enum and input type usergraph
 * defines, except the roots, the entities (other subgraphs refer to them by name), `PageInfo` and
 * `Node` (Relay's, shared on purpose: the same fields everywhere) and the scalars. A neighbour's
 * `UserError` with other fields cannot share a name with usergraph's: the router could not get
 * usergraph's extra fields from the neighbour's payloads (a satisfiability error), so one is renamed.
 */
export function typeRenames(sdl: DocumentNode, typePrefix: string): Map<string, string> {
  const renames = new Map<string, string>();
  if (!typePrefix) return renames;
  for (const d of sdl.definitions) {
    if (
      d.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      d.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      d.kind !== Kind.UNION_TYPE_DEFINITION &&
      d.kind !== Kind.ENUM_TYPE_DEFINITION &&
      d.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
    )
      continue;
    const name = d.name.value;
    if (ROOTS.has(name) || isEntity(d) || SHARED_AS_IS.has(name)) continue;
    renames.set(name, `${typePrefix}${name}`);
  }
  return renames;
}

const SHARED_AS_IS = new Set(['PageInfo', 'Node']);

/** The document with every definition and reference of a renamed type under its new name. */
export function renameTypes(sdl: DocumentNode, renames: ReadonlyMap<string, string>): DocumentNode {
  if (renames.size === 0) return sdl;
  const rename = <T extends { name: { value: string } }>(node: T): T => {
    const to = renames.get(node.name.value);
    return to ? { ...node, name: { ...node.name, value: to } } : node;
  };
  return visit(sdl, {
    NamedType: rename,
    ObjectTypeDefinition: rename,
    InterfaceTypeDefinition: rename,
    UnionTypeDefinition: rename,
    EnumTypeDefinition: rename,
    InputObjectTypeDefinition: rename,
  });
}
