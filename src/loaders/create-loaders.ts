import DataLoader from 'dataloader';
import type { UnifiedUser } from '../sources/model.js';
import type { CallContext, ListWindow, SourceAdapter, UserFilter, UserPage } from '../sources/source.js';
import { PageRecords } from './page-records.js';
import type { SharedSnapshots } from './shared-snapshots.js';
import { indexUsers, type UserIndex } from './user-index.js';

export interface UserIdKey {
  source: string;
  nativeId: string;
}

export interface EmailKey {
  source: string;
  email: string;
}

/** What the loaders need from the request: the adapter of a source and how to call it. */
export interface LoaderDeps {
  adapter(source: string): SourceAdapter;
  callContext(source: string): CallContext;
  /** The source's shared list snapshots (list-everything sources), if any. */
  snapshots(source: string): SharedSnapshots<UserIndex> | undefined;
  /** The source's shared window snapshots (paging sources), if any. */
  windows(source: string): SharedSnapshots<UserPage> | undefined;
  /** Drops the source's shared snapshots on every replica (this one included), after a write. */
  dropShared?(source: string): void;
}

export interface RequestLoaders {
  /** Every user of a list-everything source (DQOps, Rockset), indexed; listed at most once per request, or taken from the shared snapshot. */
  allUsers(source: string): Promise<UserIndex>;
  /**
   * A window of a paging source's list (Waldur). What it shows answers later reads of this request
   * without a call: its users by id, its total, and (for an unfiltered window) lookups by email
   * of anyone it covers.
   */
  usersPage(source: string, window: ListWindow): Promise<UserPage>;
  /** The total a paging source reported this request for exactly this filter, if it did. */
  knownTotal(source: string, filter: UserFilter): number | undefined;
  userById: DataLoader<UserIdKey, UnifiedUser | null, string>;
  /** Users of one source with one email, case-insensitively. */
  usersByEmail: DataLoader<EmailKey, UnifiedUser[], string>;
  /** Makes later reads see a user as read elsewhere (the credential's own user, say). */
  prime(users: readonly UnifiedUser[]): void;
  /** Forgets everything read from a source, so reads after a write in the same request see the write. */
  invalidate(source: string): void;
}

/** The window a whole read asks for: more than any scope holds (the adapter stops at its own bound). */
const WHOLE_READ_LIMIT = 1_000_000;

/**
 * The loaders of one GraphQL request (dataloader README's `createLoaders()`): nothing is cached
 * across requests, so a user never sees another caller's data or a stale answer.
 */
export function createLoaders(deps: LoaderDeps): RequestLoaders {
  // Made when first needed: a request that looks up one user needs neither map.
  let lists: Map<string, Promise<UserIndex>> | undefined;
  let wholes: Map<string, Promise<UserPage>> | undefined;
  const pages = new PageRecords();

  const userById: DataLoader<UserIdKey, UnifiedUser | null, string> = new DataLoader(
    (keys) =>
      batchBySource(keys, async (source, group) => {
        const adapter = deps.adapter(source);
        // One list call answers any number of keys where the vendor lists everything at once.
        if (adapter.listing === 'all' && (group.length > 1 || lists?.has(source) || deps.snapshots(source)?.enabled)) {
          const all = await allUsers(source);
          return group.map((k) => all.byId.get(k.nativeId) ?? null);
        }
        const ctx = deps.callContext(source);
        // One key (a request's one lookup): no Promise.all around it.
        if (group.length === 1) return [await adapter.getUser(ctx, (group[0] as UserIdKey).nativeId)];
        return Promise.all(group.map((k) => adapter.getUser(ctx, k.nativeId)));
      }),
    { name: 'userById', cacheKeyFn: (k) => `${k.source}\u0000${k.nativeId}` },
  );

  const usersByEmail: DataLoader<EmailKey, UnifiedUser[], string> = new DataLoader(
    (keys) =>
      batchBySource(keys, async (source, group) => {
        const adapter = deps.adapter(source);
        if (adapter.listing === 'all') {
          const all = await allUsers(source);
          return group.map((k) => [...(all.byEmail.get(k.email.toLowerCase()) ?? [])]);
        }
        const ctx = deps.callContext(source);
        return Promise.all(group.map((k) => pages.lookup(source, k.email) ?? adapter.findUsersByEmail(ctx, k.email)));
      }),
    { name: 'usersByEmail', cacheKeyFn: (k) => `${k.source}\u0000${k.email.toLowerCase()}` },
  );

  function prime(users: readonly UnifiedUser[]): void {
    for (const user of users) userById.prime({ source: user.source, nativeId: user.nativeId }, user);
  }

  function allUsers(source: string): Promise<UserIndex> {
    lists ??= new Map();
    let list = lists.get(source);
    if (!list) {
      const adapter = deps.adapter(source);
      if (adapter.listing !== 'all') throw new Error(`allUsers is only for list-everything sources, not ${source}`);
      const ctx = deps.callContext(source);
      const snapshots = deps.snapshots(source);
      // Lookups by id and email read the index directly, so nothing needs priming per user.
      const load = () => adapter.listAllUsers(ctx).then(indexUsers);
      list = snapshots?.enabled ? snapshots.get(ctx.credential, '', load) : load();
      lists.set(source, list);
    }
    return list;
  }

  async function usersPage(source: string, window: ListWindow): Promise<UserPage> {
    const adapter = deps.adapter(source);
    if (adapter.listing !== 'paged') throw new Error(`usersPage is only for paging sources, not ${source}`);
    if (adapter.readsWhole?.(window.filter)) {
      const whole = await wholeRead(source, window.filter);
      const page = { users: whole.users.slice(window.offset, window.offset + window.limit), total: whole.total };
      pages.record(source, window, page);
      return page;
    }
    const ctx = deps.callContext(source);
    const windows = deps.windows(source);
    const load = () => adapter.listUsersPage(ctx, window);
    // The window is the key: offset, size and the filter pushed down, nothing the caller did not send.
    const page = windows?.enabled ? await windows.get(ctx.credential, JSON.stringify([window.offset, window.limit, window.filter]), load) : await load();
    pages.record(source, window, page);
    prime(page.users);
    return page;
  }

  /** Everything a filter that `readsWhole` matches, read once per request (and shared as one window). */
  function wholeRead(source: string, filter: ListWindow['filter']): Promise<UserPage> {
    const key = `${source}\u0000${JSON.stringify(filter)}`;
    wholes ??= new Map();
    let whole = wholes.get(key);
    if (!whole) {
      const adapter = deps.adapter(source);
      if (adapter.listing !== 'paged') throw new Error(`wholeRead is only for paging sources, not ${source}`);
      const ctx = deps.callContext(source);
      const windows = deps.windows(source);
      const all: ListWindow = { offset: 0, limit: WHOLE_READ_LIMIT, filter };
      const load = () => adapter.listUsersPage(ctx, all);
      whole = (windows?.enabled ? windows.get(ctx.credential, JSON.stringify([0, 'whole', filter]), load) : load()).then((page) => {
        prime(page.users);
        return page;
      });
      // A failed read is kept too: the request's other fields report the same failure without calling again.
      wholes.set(key, whole);
    }
    return whole;
  }

  function invalidate(source: string): void {
    lists?.delete(source);
    if (wholes) for (const key of wholes.keys()) if (key.startsWith(`${source}\u0000`)) wholes.delete(key);
    if (deps.dropShared) deps.dropShared(source);
    else {
      deps.snapshots(source)?.invalidate();
      deps.windows(source)?.invalidate();
    }
    // DataLoader clears by key only; keys of other sources are cheap to lose after a mutation.
    userById.clearAll();
    usersByEmail.clearAll();
    pages.forget(source);
  }

  return {
    allUsers,
    usersPage,
    knownTotal: (source, filter) => pages.total(source, filter),
    userById,
    usersByEmail,
    prime,
    invalidate,
  };
}

/**
 * Runs a batch per source in parallel and returns one entry per key, in order. A source that fails
 * puts its error in each of its keys' slots rather than failing the others (STYLE.md, Loaders).
 */
async function batchBySource<K extends { source: string }, V>(keys: readonly K[], run: (source: string, group: K[]) => Promise<V[]>): Promise<(V | Error)[]> {
  const source = (keys[0] as K).source;
  // Every key of one source (a lookup, or a page of one vendor's users): run as it is, without the grouping.
  if (keys.every((k) => k.source === source)) return runGroup(source, keys as K[], run);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const source = (keys[i] as K).source;
    const indexes = groups.get(source);
    if (indexes) indexes.push(i);
    else groups.set(source, [i]);
  }
  const results: (V | Error)[] = new Array<V | Error>(keys.length);
  await Promise.all(
    [...groups].map(async ([source, indexes]) => {
      const values = await runGroup(
        source,
        indexes.map((i) => keys[i] as K),
        run,
      );
      for (const [j, i] of indexes.entries()) results[i] = values[j] as V | Error;
    }),
  );
  return results;
}

/** One source's batch: its values, or its error in each key's slot. */
async function runGroup<K, V>(source: string, group: K[], run: (source: string, group: K[]) => Promise<V[]>): Promise<(V | Error)[]> {
  try {
    const values = await run(source, group);
    // DataLoader's contract: one value per key, in order; a short answer is our bug, not the source's.
    if (values.length !== group.length) throw new Error(`batch for ${source} answered ${values.length} values for ${group.length} keys`);
    return values;
  } catch (err) {
    // A GatewayError is the source's failure; anything else is our bug and stays an internal error.
    const error = err instanceof Error ? err : new Error(String(err));
    return group.map(() => error);
  }
}
