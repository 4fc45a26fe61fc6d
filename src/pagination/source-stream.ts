import { GatewayError } from '../errors.js';
import type { RequestLoaders } from '../loaders/create-loaders.js';
import { firstAfter, type UserIndex } from '../loaders/user-index.js';
import type { UnifiedUser } from '../sources/model.js';
import type { UserFilter, UserPage } from '../sources/source.js';
import { matchesFilter, userKey } from '../sources/user-order.js';

export interface StreamEntry {
  key: string;
  user: UnifiedUser;
}

/** One source's users in key order, read lazily, starting after a cursor. */
export interface SourceStream {
  readonly source: string;
  /** The next entry, or undefined at the end or after a failure (see `error`). */
  peek(): Promise<StreamEntry | undefined>;
  /**
   * The next entry without waiting, when `ready()`: what `peek` would answer. The merge takes
   * entries this way while every stream has one at hand, so a page costs no promise per entry.
   */
  head(): StreamEntry | undefined;
  /** Whether `head` can answer now (the entries are in, or the stream ended or failed). */
  ready(): boolean;
  /** Takes the entry `peek` returned. */
  take(): StreamEntry;
  /** What the cursor keeps for this source after the entries taken so far (paging sources only). */
  position(): { o: number; stale?: true } | undefined;
  /** The failure that ended the stream, if one did. A method: a getter in the literal made each stream a slow dictionary-mode object. */
  error(): GatewayError | undefined;
}

/**
 * A list-everything source: one list call per request (shared through the loaders, or the shared
 * snapshot), then read in place. The index is already in key order, so the stream starts after the
 * cursor and walks forward only as far as the page takes, skipping what the filter refuses: a page
 * of 50 from 10,000 users touches about 50 of them.
 */
export function createListAllStream(source: string, loaders: RequestLoaders, filter: UserFilter, after: string | null): SourceStream {
  let index: UserIndex | undefined;
  let next = 0;
  let current: StreamEntry | undefined;
  let loaded = false;
  let loading: Promise<void> | undefined;
  let error: GatewayError | undefined;

  async function load(): Promise<void> {
    try {
      index = await loaders.allUsers(source);
      next = firstAfter(index, after);
    } catch (err) {
      error = asGatewayError(err);
    }
    loaded = true;
    advance();
  }

  function advance(): void {
    current = undefined;
    while (index !== undefined && next < index.users.length) {
      const user = index.users[next];
      const key = index.keys[next];
      next++;
      if (user !== undefined && key !== undefined && matchesFilter(user, filter)) {
        current = { key, user };
        return;
      }
    }
  }

  return {
    source,
    error: () => error,
    async peek() {
      if (!loaded) {
        loading ??= load();
        await loading;
      }
      return current;
    },
    head: () => current,
    ready: () => loaded,
    take() {
      const entry = current;
      if (!entry) throw new Error('take() without a peeked entry');
      advance();
      return entry;
    },
    position: () => undefined,
  };
}

export interface PagedStreamOptions {
  source: string;
  /** The largest window the source answers in one call. */
  maxPageSize: number;
  loaders: RequestLoaders;
  filter: UserFilter;
  /** The cursor's last key (null on the first page). */
  after: string | null;
  /** Where this source stood in the cursor. */
  start: { o: number; stale?: true } | undefined;
  /** How many entries the page may need from this source (the page size plus one to know if there is more). */
  want: number;
}

/**
 * A source that pages upstream (Waldur): windows of its email-ordered list from the cursor's offset,
 * so page 50 never loads pages 1 to 49. A source that failed earlier in the walk (`stale`) resumes
 * by key instead, so the walk stays in order.
 */
export function createPagedStream(o: PagedStreamOptions): SourceStream {
  const { source, maxPageSize } = o;
  const buffer: (StreamEntry & { raw: number })[] = [];
  let nextRaw = o.start?.o ?? 0;
  let lastTakenRaw: number | undefined;
  let total: number | undefined;
  let error: GatewayError | undefined;
  const stale = o.start?.stale === true;
  let windows = 0;

  async function fill(): Promise<void> {
    while (buffer.length === 0 && error === undefined && (total === undefined || nextRaw < total)) {
      // The first window is sized for the page; later ones (after local filtering emptied one) are full.
      const limit = Math.min(maxPageSize, windows === 0 ? Math.max(o.want, 1) : maxPageSize);
      windows++;
      let page: UserPage;
      try {
        // Through the loaders, which keep what the window shows for the rest of the request.
        page = await o.loaders.usersPage(source, { offset: nextRaw, limit, filter: o.filter });
      } catch (err) {
        error = asGatewayError(err);
        return;
      }
      total = page.total;
      page.users.forEach((user, i) => {
        const entry = { key: userKey(user), user, raw: nextRaw + i };
        if (!matchesFilter(user, o.filter)) return;
        if (stale && o.after !== null && entry.key <= o.after) return;
        buffer.push(entry);
      });
      if (page.users.length === 0) total = nextRaw; // the vendor has fewer than it said: stop here
      nextRaw += page.users.length;
    }
  }

  return {
    source,
    error: () => error,
    async peek() {
      await fill();
      return buffer[0];
    },
    head: () => buffer[0],
    ready: () => buffer.length > 0 || error !== undefined || (total !== undefined && nextRaw >= total),
    take() {
      const entry = buffer.shift();
      if (!entry) throw new Error('take() without a peeked entry');
      lastTakenRaw = entry.raw;
      return entry;
    },
    position() {
      if (error !== undefined && lastTakenRaw === undefined) return { o: o.start?.o ?? 0, stale: true };
      const offset = lastTakenRaw === undefined ? (o.start?.o ?? 0) : lastTakenRaw + 1;
      return stale || error !== undefined ? { o: offset, stale: true } : { o: offset };
    },
  };
}

/** A stream for a source that failed before it could start (e.g. no forwarded credential). */
export function createFailedStream(source: string, failure: GatewayError, start: { o: number } | undefined): SourceStream {
  return {
    source,
    error: () => failure,
    peek: async () => undefined,
    head: () => undefined,
    ready: () => true,
    take() {
      throw new Error('take() on a failed stream');
    },
    position: () => (start ? { o: start.o, stale: true } : undefined),
  };
}

/** A source's failure ends its stream; anything else is a bug and must surface as one. */
function asGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  throw err;
}
