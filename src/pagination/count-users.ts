import { GatewayError, UpstreamError } from '../errors.js';
import type { UserFilter } from '../sources/source.js';
import { isEmptyFilter, matchesFilter } from '../sources/user-order.js';
import type { Found, ListDeps } from './list-deps.js';
import { type Presence, presenceKeeps } from './presence.js';

/** A count that would need more upstream pages than this fails for that source instead. */
export const MAX_COUNT_PAGES = 50;

/**
 * `totalCount`: how many users (or people) the whole list has across the sources. List-everything
 * sources count from the request's one list call; a paging source answers its own total when the
 * filter is empty or only `status` (both pushed down exactly), and is read page by page otherwise.
 * People are counted by distinct lower-case email, which needs every source's users.
 */
export async function countUsers(
  deps: ListDeps,
  names: readonly string[],
  filter: UserFilter,
  kind: 'users' | 'people',
  presence?: Presence,
): Promise<Found<number>> {
  const failures: GatewayError[] = [];
  const failed = (err: unknown): undefined => {
    // A source's failure leaves it out of the count; anything else is a bug and surfaces as one.
    if (!(err instanceof GatewayError)) throw err;
    failures.push(err);
    return undefined;
  };
  const results = await Promise.all(names.map((name) => countSource(deps, name, filter, kind === 'people').catch(failed)));
  if (kind === 'users') return { value: results.reduce<number>((sum, r) => sum + (typeof r === 'number' ? r : 0), 0), failures };
  const people = new Map<string, Set<string>>();
  for (const [i, r] of results.entries()) {
    if (!(r instanceof Set)) continue;
    for (const e of r) people.set(e, (people.get(e) ?? new Set()).add(names[i] ?? ''));
  }
  return { value: [...people.values()].filter((sources) => presenceKeeps(presence, sources)).length, failures };
}

async function countSource(deps: ListDeps, name: string, filter: UserFilter, emails: boolean): Promise<number | Set<string>> {
  const listing = deps.listing(name);
  const { loaders } = deps;
  const collect = (users: { email: string | null }[]) => new Set(users.flatMap((u) => (u.email ? [u.email.toLowerCase()] : [])));
  if (listing.listing === 'all') {
    const users = (await loaders.allUsers(name)).users.filter((u) => matchesFilter(u, filter));
    return emails ? collect(users) : users.length;
  }
  const pushedExactly = isEmptyFilter({ ...filter, status: undefined });
  if (pushedExactly && !emails) {
    const known = loaders.knownTotal(name, filter);
    if (known !== undefined) return known;
    // limit 0 asks for the total alone (a HEAD on Waldur).
    return (await loaders.usersPage(name, { offset: 0, limit: 0, filter })).total;
  }
  const matched: { email: string | null }[] = [];
  let count = 0;
  for (let offset = 0, pages = 0; ; pages++) {
    if (pages >= MAX_COUNT_PAGES) {
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `source "${name}" has too many users to count with this filter (more than ${MAX_COUNT_PAGES * listing.maxPageSize} read)`,
        { source: name, retryable: false },
      );
    }
    const page = await loaders.usersPage(name, { offset, limit: listing.maxPageSize, filter });
    for (const user of page.users) {
      if (!matchesFilter(user, filter)) continue;
      count++;
      if (emails) matched.push(user);
    }
    offset += page.users.length;
    if (page.users.length === 0 || offset >= page.total) break;
  }
  return emails ? collect(matched) : count;
}
