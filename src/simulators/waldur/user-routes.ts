import type { Router } from '../router.js';
import { emptyResponse, jsonResponse, type SimRequest, type SimResponse } from '../sim-types.js';
import { readBody } from './body.js';
import { authed, isStaffOrSupport, type WaldurContext } from './context.js';
import { fieldErrors, notFound, permissionDenied } from './errors.js';
import { generateSlug, newUuidHex } from './identifiers.js';
import { countResponse, paginate } from './pagination.js';
import type { UserRecord } from './records.js';
import { serializeUser, type UserView, userUrl } from './serialize.js';
import type { WaldurState } from './state.js';
import { queryUsers } from './user-query.js';
import { validateUserWrite } from './user-validation.js';
import { canSeeUser, visibleUsers } from './visibility.js';

/**
 * `UserViewSet`'s model routes (structure/views.py) with `IsAdminOrOwner`: anyone signed in
 * reads; create and delete are staff-only; update is staff or the user herself.
 */
export function addUserRoutes(router: Router<WaldurContext>): void {
  router.add('GET', '/api/users/', authed(list));
  router.add('HEAD', '/api/users/', authed(count));
  router.add('POST', '/api/users/', authed(create));
  router.add('GET', '/api/users/me/', authed(me));
  router.add('HEAD', '/api/users/me/', authed(me));
  router.add('GET', '/api/users/{uuid}/', authed(retrieve));
  router.add('HEAD', '/api/users/{uuid}/', authed(retrieve));
  router.add('PUT', '/api/users/{uuid}/', authed(update));
  router.add('PATCH', '/api/users/{uuid}/', authed(update));
  router.add('DELETE', '/api/users/{uuid}/', authed(destroy));
}

/** `get_object()`: a user the caller may not see is a 404 like one that does not exist. */
export function visibleUser(state: WaldurState, viewer: UserRecord, uuid: string | undefined): UserRecord | undefined {
  const user = state.userByUuid(uuid ?? '');
  return user && canSeeUser(state, viewer, user) ? user : undefined;
}

/** How a response renders users for this request (`?field=` applies to GETs only). */
export function viewFor(req: SimRequest, viewer: UserRecord, showToken: boolean): UserView {
  const fields = req.method === 'GET' || req.method === 'HEAD' ? req.query.getAll('field') : [];
  return { viewer, origin: req.url.origin, showToken, ...(fields.length > 0 ? { fields } : {}) };
}

function list(req: SimRequest, _p: unknown, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  // UserViewSet.list answers a plain identity manager with a bare JSON string (README).
  if (viewer.is_identity_manager && !isStaffOrSupport(viewer)) return jsonResponse(403, 'Identity manager is not allowed to list users.');
  const found = queryUsers(state, visibleUsers(state, viewer), req.query);
  if (!found.ok) return found.response;
  const page = paginate(req, found.users);
  if (!page.ok) return page.response;
  // `_can_see_token` treats a one-user page holding only the caller like her own detail view.
  const onlySelf = page.items.length === 1 && page.items[0]?.uuid === viewer.uuid;
  const view = viewFor(req, viewer, onlySelf);
  return jsonResponse(
    200,
    page.items.map((u) => serializeUser(state, u, view)),
    page.headers,
  );
}

function count(req: SimRequest, _p: unknown, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  const found = queryUsers(state, visibleUsers(state, viewer), req.query);
  return found.ok ? countResponse(found.users.length) : found.response;
}

function create(req: SimRequest, _p: unknown, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  if (!viewer.is_staff) return permissionDenied();
  const body = readBody(req);
  if (!body.ok) return body.response;
  // On create `_can_see_token` compares no instance with the caller: token_lifetime is not writable.
  const checked = validateUserWrite(state, body.data, { viewer, partial: false, tokenFieldsVisible: false });
  if (!checked.ok) return fieldErrors(checked.errors);
  const now = state.now();
  const user: UserRecord = {
    uuid: newUuidHex(),
    username: '',
    slug: '',
    email: '',
    first_name: '',
    last_name: '',
    native_name: '',
    job_title: '',
    phone_number: '',
    organization: '',
    civil_number: null,
    description: '',
    is_staff: false,
    is_active: true,
    is_support: false,
    is_identity_manager: false,
    token_lifetime: 3600,
    registration_method: 'default',
    identity_source: '',
    date_joined: now,
    agreement_date: null,
    notifications_enabled: true,
    preferred_language: '',
    affiliations: [],
    birth_date: null,
    image: null,
    password: null,
    ...checked.attrs,
  };
  if (!checked.attrs.slug)
    user.slug = generateSlug(
      user.username,
      [...state.users.values()].map((u) => u.slug),
    );
  state.users.set(user.uuid, user);
  // The issue asks for created users to hold a token, as Waldur users do once they sign in.
  state.issueToken(user.uuid);
  const data = serializeUser(state, user, viewFor(req, viewer, false));
  return jsonResponse(201, data, { location: userUrl(req.url.origin, user.uuid) });
}

function me(req: SimRequest, _p: unknown, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  const forwarded = req.headers['x-forwarded-for'];
  const ip = typeof forwarded === 'string' && forwarded !== '' ? (forwarded.split(',')[0] ?? '').trim() : '127.0.0.1';
  return jsonResponse(200, serializeUser(state, viewer, { ...viewFor(req, viewer, true), ipAddress: ip }));
}

function retrieve(req: SimRequest, params: Record<string, string>, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  const user = visibleUser(state, viewer, params['uuid']);
  if (!user) return notFound();
  return jsonResponse(200, serializeUser(state, user, viewFor(req, viewer, user.uuid === viewer.uuid)));
}

function update(req: SimRequest, params: Record<string, string>, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  const user = visibleUser(state, viewer, params['uuid']);
  if (!user) return notFound();
  if (!viewer.is_staff && user.uuid !== viewer.uuid) return permissionDenied();
  const body = readBody(req);
  if (!body.ok) return body.response;
  const self = user.uuid === viewer.uuid;
  const checked = validateUserWrite(state, body.data, { viewer, instance: user, partial: req.method === 'PATCH', tokenFieldsVisible: self });
  if (!checked.ok) return fieldErrors(checked.errors);
  Object.assign(user, checked.attrs);
  return jsonResponse(200, serializeUser(state, user, viewFor(req, viewer, self)));
}

function destroy(_req: SimRequest, params: Record<string, string>, { state }: WaldurContext, viewer: UserRecord): SimResponse {
  // IsAdminOrOwner refuses DELETE to non-staff before looking the user up.
  if (!viewer.is_staff) return permissionDenied();
  const user = visibleUser(state, viewer, params['uuid']);
  if (!user) return notFound();
  state.deleteUser(user.uuid);
  return emptyResponse(204);
}
