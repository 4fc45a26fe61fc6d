import { badUserInput, UpstreamError } from '../../errors.js';
import type { SourceTransportConfig } from '../../http/upstream-client.js';
import { guardCapabilities } from '../capability-guard.js';
import { configuredAdapter } from '../kit/configured-adapter.js';
import type { SourceInfo, UnifiedUser, UserToken } from '../model.js';
import type { CallContext, ListWindow, PagedAdapter, UserPage } from '../source.js';
import { WALDUR_CAPABILITIES } from './capabilities.js';
import { WaldurClient } from './client.js';
import { toUserListQuery, USER_ORDERING, type UserListQuery, WALDUR_MAX_PAGE_SIZE } from './list-query.js';
import { toUser, toUserToken } from './mapping.js';
import { planPages } from './page-plan.js';
import { canonicalUuid, requireUserUuid } from './user-lookup.js';
import type { WaldurUser } from './wire.js';
import { createWaldurWrites } from './writes.js';

export { WALDUR_MAX_PAGE_SIZE } from './list-query.js';

/**
 * The Waldur adapter: `client` talks to one Waldur, `info` names the source. Lists page upstream
 * in email order; lookups by uuid that cannot be a uuid answer without a call. The writes are
 * in writes.ts.
 */
export function createWaldurAdapter(info: SourceInfo, client: WaldurClient): PagedAdapter {
  const source = info.name;
  const map = (wire: WaldurUser): UnifiedUser => toUser(wire, source);

  return guardCapabilities({
    info,
    listing: 'paged',
    maxPageSize: WALDUR_MAX_PAGE_SIZE,

    async listUsersPage(ctx: CallContext, window: ListWindow): Promise<UserPage> {
      checkWindow(window);
      const scope = window.filter.scope;
      if (scope) return scopeWindow(client, ctx, scope, window, map);
      const filter = toUserListQuery(window.filter);
      if (filter === null) return { users: [], total: 0 };
      // An empty window still owes the total: HEAD is Waldur's count action, no user bodies.
      if (window.limit === 0) return { users: [], total: await client.countUsers(ctx, filter) };
      return listWindow(client, ctx, filter, window.offset, window.limit, map);
    },

    readsWhole: (filter) => filter.scope?.kind === 'CUSTOMER' || filter.scope?.kind === 'PROJECT',

    async getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null> {
      const uuid = canonicalUuid(nativeId);
      if (uuid === undefined) return null;
      const wire = await client.getUser(ctx, uuid);
      return wire === null ? null : map(wire);
    },

    async findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]> {
      const sent = email.trim();
      // Waldur validates emails on write: none is blank or holds a NUL (which django would 400).
      if (sent === '' || sent.includes('\u0000')) return [];
      // `email=` is icontains, so the exact, case-insensitive match is picked here. One page of
      // 300 holds it unless more than 300 addresses contain this one; that case is not followed.
      const page = await client.listUsers(ctx, { email: sent, o: USER_ORDERING, page_size: WALDUR_MAX_PAGE_SIZE });
      if (page.kind === 'past-end') return [];
      return page.users.filter((u) => (u.email ?? '').toLowerCase() === email.toLowerCase()).map(map);
    },

    async currentUser(ctx: CallContext): Promise<UnifiedUser> {
      return map(await client.currentUser(ctx));
    },

    async userToken(ctx: CallContext, nativeId: string): Promise<UserToken> {
      return toUserToken(await client.userToken(ctx, requireUserUuid(source, nativeId)), source);
    },

    ...createWaldurWrites({ source, client, map }),

    close(): Promise<void> {
      return client.close();
    },
  });
}

/** Builds the UpstreamClient and WaldurClient for one configured source, then the adapter. */
export function createWaldurSourceAdapter(config: SourceTransportConfig): PagedAdapter {
  return configuredAdapter(config, 'waldur', WALDUR_CAPABILITIES, (info, http) => createWaldurAdapter(info, new WaldurClient(http)));
}

/**
 * Fetches the pages of the plan one after another, stopping when a page reaches the end (so a
 * window running past the last user costs no extra call). A first page past the end (DRF's 404
 * "Invalid page.") still owes the total: one HEAD count follows.
 */
async function listWindow(
  client: WaldurClient,
  ctx: CallContext,
  filter: UserListQuery,
  offset: number,
  limit: number,
  map: (wire: WaldurUser) => UnifiedUser,
): Promise<UserPage> {
  const plan = planPages(offset, limit, WALDUR_MAX_PAGE_SIZE);
  const fetched: WaldurUser[] = [];
  let total = 0;
  for (let page = plan.firstPage; page <= plan.lastPage; page++) {
    const res = await client.listUsers(ctx, { ...filter, o: USER_ORDERING, page, page_size: plan.pageSize });
    if (res.kind === 'past-end') {
      if (page === plan.firstPage) total = await client.countUsers(ctx, filter);
      break;
    }
    total = res.total;
    checkPageLength(client.source, res.users.length, page, plan.pageSize, total);
    fetched.push(...res.users);
    if (page * plan.pageSize >= total) break;
  }
  return { users: fetched.slice(plan.skip, plan.skip + limit).map(map), total };
}

/**
 * A page shorter than page_size and X-Result-Count imply means the server cut page_size below
 * 300 (a deployment setting): slicing would then silently skip users, so it is an error.
 */
function checkPageLength(source: string, length: number, page: number, pageSize: number, total: number): void {
  const expected = Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize));
  if (length === expected) return;
  throw new UpstreamError(
    'UPSTREAM_BAD_RESPONSE',
    `source "${source}" sent ${length} users for page ${page} of size ${pageSize} where its X-Result-Count of ${total} implies ${expected} (is its maximum page size below ${WALDUR_MAX_PAGE_SIZE}?)`,
    { source, httpStatus: 200, retryable: false },
  );
}

function checkWindow(window: ListWindow): void {
  if (!Number.isSafeInteger(window.offset) || window.offset < 0) throw badUserInput(`offset must be a non-negative integer, but got: ${window.offset}`);
  if (!Number.isSafeInteger(window.limit) || window.limit < 0) throw badUserInput(`limit must be a non-negative integer, but got: ${window.limit}`);
  if (!Number.isSafeInteger(window.offset + window.limit)) throw badUserInput('offset + limit is too large');
}

/** Scope members per call of `list_users`, and the most pages followed (a scope of more is cut, and says so by its total). */
const MEMBERS_PAGE_SIZE = 300;
const MAX_MEMBER_PAGES = 20;

/**
 * A window of a scope's members. Waldur customers and projects are asked with their own
 * `list_users` (every page: scopes are small), then each member is read once for the full user,
 * ordered here by the gateway's key. Other kinds of scope hold no Waldur user except SYSTEM
 * (staff, support), which the plain list answers with the gateway's own filter.
 */
async function scopeWindow(
  client: WaldurClient,
  ctx: CallContext,
  scope: NonNullable<ListWindow['filter']['scope']>,
  window: ListWindow,
  map: (u: WaldurUser) => UnifiedUser,
): Promise<UserPage> {
  if (scope.kind === 'SYSTEM') {
    const query = toUserListQuery({ ...window.filter, scope: undefined });
    return query === null ? { users: [], total: 0 } : listWindow(client, ctx, query, window.offset, window.limit, map);
  }
  const uuid = scope.id ? canonicalUuid(scope.id) : undefined;
  if ((scope.kind !== 'CUSTOMER' && scope.kind !== 'PROJECT') || uuid === undefined) return { users: [], total: 0 };
  const type = scope.kind === 'CUSTOMER' ? 'customers' : 'projects';
  const uuids = new Set<string>();
  for (let page = 1; page <= MAX_MEMBER_PAGES; page++) {
    const answer = await client.listScopeMembers(ctx, { type, uuid }, page, MEMBERS_PAGE_SIZE);
    if (answer === null) break;
    for (const m of answer.members) uuids.add(m.user_uuid.replaceAll('-', '').toLowerCase());
    if (page * MEMBERS_PAGE_SIZE >= answer.total) break;
  }
  const users = (await Promise.all([...uuids].map((u) => client.getUser(ctx, u)))).flatMap((w) => (w ? [map(w)] : []));
  // The gateway's order within one source: lower-case email, then native id.
  const key = (u: UnifiedUser) => `${(u.email ?? '').toLowerCase()}\u0000${u.nativeId}`;
  users.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { users: users.slice(window.offset, window.offset + window.limit), total: users.length };
}
