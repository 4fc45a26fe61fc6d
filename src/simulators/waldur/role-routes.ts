import type { Router } from '../router.js';
import { emptyResponse, jsonResponse, type SimRequest, type SimResponse } from '../sim-types.js';
import { readBody } from './body.js';
import { authed, lastParam, type WaldurContext } from './context.js';
import { formatDateTime } from './datetime.js';
import { djangoServerError, fieldErrors, notFound, permissionDenied } from './errors.js';
import { newUuidHex, normalizeUuid } from './identifiers.js';
import { orderingFrom, type SortKey } from './ordering.js';
import { countResponse, pagedResponse } from './pagination.js';
import type { RoleAssignmentRecord, Scope, UserRecord } from './records.js';
import { type RoleAction, validateRoleRequest } from './role-validation.js';
import { findRole } from './roles.js';
import { fullName, serializeUserRole } from './serialize.js';
import type { WaldurState } from './state.js';
import { canSeeScope } from './visibility.js';

/**
 * `UserRoleMixin` on customers and projects (permissions/views.py): add_user, update_user,
 * delete_user and list_users. A scope the caller cannot see is a 404 (`get_object()`).
 */
export function addRoleRoutes(router: Router<WaldurContext>): void {
  for (const [collection, type] of [
    ['customers', 'customer'],
    ['projects', 'project'],
  ] as const) {
    const base = `/api/${collection}/{uuid}`;
    router.add(
      'POST',
      `${base}/add_user/`,
      scoped(type, (req, scope, ctx, viewer) => mutate(req, scope, ctx.state, viewer, 'add')),
    );
    router.add(
      'POST',
      `${base}/update_user/`,
      scoped(type, (req, scope, ctx, viewer) => mutate(req, scope, ctx.state, viewer, 'update')),
    );
    router.add(
      'POST',
      `${base}/delete_user/`,
      scoped(type, (req, scope, ctx, viewer) => mutate(req, scope, ctx.state, viewer, 'delete')),
    );
    router.add(
      'GET',
      `${base}/list_users/`,
      scoped(type, (req, scope, ctx) => listUsers(req, scope, ctx.state)),
    );
    router.add(
      'HEAD',
      `${base}/list_users/`,
      scoped(type, (req, scope, ctx) => listUsers(req, scope, ctx.state)),
    );
  }
}

type ScopedHandler = (req: SimRequest, scope: Scope, ctx: WaldurContext, viewer: UserRecord) => SimResponse;

function scoped(type: 'customer' | 'project', handler: ScopedHandler) {
  return authed((req, params, ctx, viewer) => {
    const scope = ctx.state.scope(type, params['uuid'] ?? '');
    if (!scope || !canSeeScope(ctx.state, viewer, scope)) return notFound();
    return handler(req, scope, ctx, viewer);
  });
}

function mutate(req: SimRequest, scope: Scope, state: WaldurState, viewer: UserRecord, action: RoleAction): SimResponse {
  const body = readBody(req);
  if (!body.ok) return body.response;
  const checked = validateRoleRequest(state, viewer, scope, body.data, action);
  if (!checked.ok) return checked.kind === 'forbidden' ? permissionDenied() : fieldErrors(checked.errors);
  const { role, user, expirationTime } = checked.value;
  const held = state.liveRoles((r) => r.user_uuid === user.uuid && r.role === role.name && r.scope_uuid === scope.record.uuid)[0];
  switch (action) {
    case 'add': {
      const now = state.now();
      state.roles.push({
        uuid: newUuidHex(),
        user_uuid: user.uuid,
        role: role.name,
        scope_type: scope.type,
        scope_uuid: scope.record.uuid,
        expiration_time: expirationTime,
        created: now,
        created_by_uuid: viewer.uuid,
        is_active: true,
      });
      return jsonResponse(201, { expiration_time: expirationTime === null ? null : formatDateTime(expirationTime) });
    }
    case 'update':
      // permissions/utils.py `update_user` returns False for a role the user does not hold and
      // the view then reads `.expiration_time` off it: an AttributeError, Django's 500 page.
      if (!held) return djangoServerError();
      held.expiration_time = expirationTime;
      return jsonResponse(200, { expiration_time: expirationTime === null ? null : formatDateTime(expirationTime) });
    case 'delete':
      // Revoking keeps the grant as history; revoking a role not held still answers 200.
      if (held) held.is_active = false;
      return emptyResponse(200);
  }
}

const ROLE_ORDERING: Record<string, SortKey<{ role: RoleAssignmentRecord; user: UserRecord }>[]> = {
  username: [(x) => x.user.username],
  full_name: [(x) => fullName(x.user)],
  native_name: [(x) => x.user.native_name],
  email: [(x) => x.user.email],
  expiration_time: [(x) => x.role.expiration_time],
  created: [(x) => x.role.created],
  role: [(x) => x.role.role],
};

/**
 * `list_users`: the live grants on this very scope (a customer's list does not include its
 * projects' members), filtered by `user`, `username`, `full_name`, `native_name`,
 * `user_slug`, `search_string` and `role` (name or UUID, repeatable), ordered by `o`.
 * The default order (creation, then username) is the simulator's choice: unsure what Waldur uses.
 */
function listUsers(req: SimRequest, scope: Scope, state: WaldurState): SimResponse {
  const q = req.query;
  let rows = state
    .liveRoles((r) => r.scope_type === scope.type && r.scope_uuid === scope.record.uuid)
    .flatMap((role) => {
      const user = state.users.get(role.user_uuid);
      return user ? [{ role, user }] : [];
    });
  const fold = (s: string): string => s.toLowerCase();
  const param = (name: string): string | undefined => {
    const v = lastParam(q, name);
    return v === undefined || v === '' ? undefined : v;
  };
  // `user` narrows only when it names an existing user; otherwise the view ignores it.
  const userUuid = normalizeUuid(param('user') ?? '');
  if (userUuid && state.users.has(userUuid)) rows = rows.filter((x) => x.user.uuid === userUuid);
  const username = param('username');
  if (username) rows = rows.filter((x) => x.user.username === username);
  const slug = param('user_slug');
  if (slug) rows = rows.filter((x) => x.user.slug === slug);
  for (const [name, field] of [
    ['full_name', fullName],
    ['native_name', (u: UserRecord) => u.native_name],
  ] as const) {
    const v = param(name);
    if (v) rows = rows.filter((x) => fold(field(x.user)).includes(fold(v)));
  }
  const search = param('search_string');
  if (search) rows = rows.filter((x) => [x.user.first_name, x.user.last_name, x.user.email, x.user.username].some((f) => fold(f).includes(fold(search))));
  const roles = q.getAll('role').map((r) => findRole(r)?.name ?? r);
  if (roles.length > 0) rows = rows.filter((x) => roles.includes(x.role.role));

  const ordering = orderingFrom(q, ROLE_ORDERING, [(x) => x.role.created, (x) => x.user.username]);
  if (!ordering.ok) return ordering.response;
  rows = ordering.sort(rows);
  if (req.method === 'HEAD') return countResponse(rows.length);
  const fields = q.getAll('field');
  return pagedResponse(req, rows, (page) =>
    page.map((x) => {
      const item = serializeUserRole(state, x.role);
      return fields.length === 0 ? item : Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k)));
    }),
  );
}
