import { badUserInput, GatewayError, inArgument } from '../errors.js';
import type { UnifiedUser } from '../sources/model.js';
import type { UserFilter } from '../sources/source.js';
import { countUsers } from './count-users.js';
import { type Cursor, cursorScope, decodeCursor, encodeCursor } from './cursor.js';
import type { Found, ListDeps } from './list-deps.js';
import { type MergedPage, mergePeople, mergeUsers } from './merge.js';
import { type Presence, presenceKeeps } from './presence.js';
import { createFailedStream, createListAllStream, createPagedStream, type SourceStream } from './source-stream.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface ListArgs {
  first: number;
  after: string | null | undefined;
  filter: UserFilter;
  sources: readonly string[] | null | undefined;
  /** People only: keep those with an account in every `onlyIn` source and in no `missingFrom` source. */
  presence?: Presence;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when asked for: counting can cost upstream calls. */
  totalCount(): Promise<Found<number>>;
}

/** `users`: a Relay connection over the k-way merge of the chosen sources. */
export function listUsers(deps: ListDeps, args: ListArgs): Promise<Found<Connection<UnifiedUser>>> {
  return listConnection(deps, args, 'users', mergeUsers);
}

/** `people`: the same walk, with consecutive users of one email grouped into one person. */
export function listPeople(deps: ListDeps, args: ListArgs): Promise<Found<Connection<{ email: string }>>> {
  const keep = args.presence ? (sources: ReadonlySet<string>) => presenceKeeps(args.presence, sources) : undefined;
  return listConnection(deps, args, 'people', (streams, first, previous) => mergePeople(streams, first, previous, keep));
}

async function listConnection<T>(
  deps: ListDeps,
  args: ListArgs,
  kind: 'users' | 'people',
  merge: (streams: readonly SourceStream[], first: number, previous: Cursor['p']) => Promise<MergedPage<T>>,
): Promise<Found<Connection<T>>> {
  // Every argument is checked before the first upstream call.
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${args.first}`, 'first');
  }
  const limit = deps.sourceNames.length + 10;
  if (args.sources && args.sources.length > limit) throw badUserInput(`sources: at most ${limit} names`, 'sources');
  if (args.sources) {
    for (const name of args.sources) inArgument('sources', () => deps.listing(name));
    if (new Set(args.sources).size !== args.sources.length) throw badUserInput('sources: a source is named twice', 'sources');
  }
  const presence = args.presence;
  for (const name of presence?.onlyIn ?? []) inArgument('onlyIn', () => deps.listing(name));
  for (const name of presence?.missingFrom ?? []) inArgument('missingFrom', () => deps.listing(name));
  // Presence is judged on every source it names, whatever `sources` narrows the list to.
  const names = [...new Set([...(args.sources ?? deps.sourceNames), ...(presence?.onlyIn ?? []), ...(presence?.missingFrom ?? [])])];
  const filter = normalizeFilter(args.filter);
  const scope = cursorScope(kind, presence ? { ...filter, presence } : filter, names);
  const cursor = args.after ? decodeCursor(args.after, scope) : undefined;
  const after = cursor?.k ?? null;

  const streams = names.map((name) => createStream(deps, name, filter, after, cursor, args.first + 1));
  const page = await merge(streams, args.first, cursor?.p ?? {});

  const edges = page.edges.map((e) => new Edge(e.node, scope, e.cursor));
  let counted: Promise<Found<number>> | undefined;
  const connection: Connection<T> = {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: new PageInfo(page.hasNextPage, cursor !== undefined, edges),
    totalCount: () => {
      counted ??= countUsers(deps, names, filter, kind, presence);
      return counted;
    },
  };
  return { value: connection, failures: page.failures };
}

/** A page's info, whose cursors are encoded only when read (as an edge's are). A class: getters in an object literal made it a slow dictionary-mode object. */
class PageInfo {
  readonly #edges: readonly Edge<unknown>[];

  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    edges: readonly Edge<unknown>[],
  ) {
    this.#edges = edges;
  }

  get startCursor(): string | null {
    return this.#edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.#edges.at(-1)?.cursor ?? null;
  }
}

/** An edge whose cursor is encoded when first read: most pages are asked for `nodes` alone, and encoding every cursor was a few per cent of a page's time. */
class Edge<T> {
  #cursor: string | undefined;
  readonly #scope: string;
  readonly #position: Omit<Cursor, 'f'>;

  constructor(
    readonly node: T,
    scope: string,
    position: Omit<Cursor, 'f'>,
  ) {
    this.#scope = scope;
    this.#position = position;
  }

  get cursor(): string {
    this.#cursor ??= encodeCursor({ f: this.#scope, ...this.#position });
    return this.#cursor;
  }
}

function createStream(deps: ListDeps, name: string, filter: UserFilter, after: string | null, cursor: Cursor | undefined, want: number): SourceStream {
  const start = cursor?.p[name];
  try {
    const listing = deps.listing(name);
    if (listing.listing === 'all') return createListAllStream(name, deps.loaders, filter, after);
    return createPagedStream({ source: name, maxPageSize: listing.maxPageSize, loaders: deps.loaders, filter, after, start, want });
  } catch (err) {
    if (err instanceof GatewayError) return createFailedStream(name, err, start);
    throw err;
  }
}

/** Longest filter strings accepted: longer ones are refused before any call (a 900 KB `query` would become a 900 KB vendor URL). */
export const MAX_FILTER_LENGTH = { query: 200, email: 254, role: 100 } as const;

/** Drops empty strings, so `{ query: "" }` and no filter are one cursor scope and one meaning. */
function normalizeFilter(filter: UserFilter): UserFilter {
  for (const key of ['query', 'email', 'role'] as const) {
    const value = filter[key];
    if (typeof value === 'string' && value.length > MAX_FILTER_LENGTH[key]) {
      throw badUserInput(`filter.${key} must be at most ${MAX_FILTER_LENGTH[key]} characters, got ${value.length}`, 'filter');
    }
  }
  const out: UserFilter = {};
  if (filter.query !== undefined && filter.query !== null && filter.query !== '') out.query = filter.query;
  if (filter.email !== undefined && filter.email !== null && filter.email !== '') out.email = filter.email;
  if (filter.status !== undefined && filter.status !== null) out.status = filter.status;
  if (filter.role !== undefined && filter.role !== null && filter.role !== '') out.role = filter.role;
  if (filter.scope) {
    // Waldur ids are compared as Waldur writes them: 32 lower-case hex digits, no dashes.
    const id = filter.scope.id ?? null;
    const waldur = filter.scope.kind === 'CUSTOMER' || filter.scope.kind === 'PROJECT';
    out.scope = { kind: filter.scope.kind, id: id !== null && waldur ? id.replaceAll('-', '').toLowerCase() : id };
  }
  if (filter.levelAtLeast) out.levelAtLeast = filter.levelAtLeast;
  if (filter.expiresBefore) out.expiresBefore = filter.expiresBefore;
  return out;
}
