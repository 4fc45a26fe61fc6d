import type { Router } from '../router.js';
import { emptyResponse, jsonResponse, type SimRequest, type SimResponse } from '../sim-types.js';
import { authenticate } from './auth.js';
import { readBody } from './body.js';
import { authed, type WaldurContext } from './context.js';
import { formatDateTime } from './datetime.js';
import { bareValidationError, detail, djangoServerError, fieldErrors, notFound, permissionDenied } from './errors.js';
import { charField, emailField, expectObject, REQUIRED } from './fields.js';
import { newUuidHex, normalizeUuid } from './identifiers.js';
import type { UserRecord } from './records.js';
import { serializeAuthToken } from './serialize.js';
import type { WaldurState } from './state.js';
import { visibleUser } from './user-routes.js';

/** WALDUR_CORE['EMAIL_CHANGE_MAX_AGE'] default: one day. */
const EMAIL_CHANGE_MAX_AGE_MS = 24 * 3600 * 1000;

type Target = (req: SimRequest, state: WaldurState, viewer: UserRecord, user: UserRecord) => SimResponse;

/**
 * A detail action under `IsAdminOrOwner`: GET for anyone, POST for staff or the user herself
 * (a hidden user is a 404 first). `staffOnly` adds the action's `[is_staff]` check
 * (`token`, `refresh_token`, `change_password`): 403 for non-staff even on themselves.
 */
function action(staffOnly: boolean, handler: Target) {
  return authed((req, params, { state }, viewer) => {
    if (staffOnly && !viewer.is_staff && req.method === 'GET') return permissionDenied();
    const user = visibleUser(state, viewer, params['uuid']);
    if (!user) return notFound();
    if (!viewer.is_staff && (staffOnly || user.uuid !== viewer.uuid)) return permissionDenied();
    return handler(req, state, viewer, user);
  });
}

export function addUserActionRoutes(router: Router<WaldurContext>): void {
  router.add('GET', '/api/users/{uuid}/token/', action(true, token));
  router.add('HEAD', '/api/users/{uuid}/token/', action(true, token));
  router.add('POST', '/api/users/{uuid}/refresh_token/', action(true, refreshToken));
  router.add('POST', '/api/users/{uuid}/change_password/', action(true, changePassword));
  router.add('POST', '/api/users/{uuid}/change_email/', action(false, changeEmail));
  router.add('POST', '/api/users/{uuid}/cancel_change_email/', action(false, cancelChangeEmail));
  router.add('POST', '/api/users/{uuid}/pull_remote_user/', action(false, pullRemoteUser));
  router.add('POST', '/api/users/confirm_email/', confirmEmail);
}

/** `user.auth_token` of a user without a token raises RelatedObjectDoesNotExist: a 500. */
function token(_req: SimRequest, state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  const current = state.tokenOf(user.uuid);
  return current ? jsonResponse(200, serializeAuthToken(user, current)) : djangoServerError();
}

/**
 * The old key is deleted and a new one created. Waldur answers 201 (`HTTP_201_CREATED` in
 * structure/views.py) although the 7.9.8 schema declares 200.
 */
function refreshToken(_req: SimRequest, state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  if (!state.tokenOf(user.uuid)) return djangoServerError();
  return jsonResponse(201, serializeAuthToken(user, state.issueToken(user.uuid)));
}

/** `PasswordChangeSerializer`: one CharField (trimmed, not blank); Django's validators do not run. */
function changePassword(req: SimRequest, _state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  const body = readBody(req);
  if (!body.ok) return body.response;
  const data = expectObject(body.data);
  if (!data.ok) return fieldErrors({ non_field_errors: [data.error] });
  if (!('new_password' in data.value)) return fieldErrors({ new_password: [REQUIRED] });
  const password = charField(data.value['new_password'], { allowBlank: false });
  if (!password.ok) return fieldErrors({ new_password: [password.error] });
  user.password = password.value;
  return jsonResponse(200, { status: 'password set' });
}

/** Replaces any pending request; the confirmation code goes out by email (here: the outbox). */
function changeEmail(req: SimRequest, state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  const body = readBody(req);
  if (!body.ok) return body.response;
  const data = expectObject(body.data);
  if (!data.ok) return fieldErrors({ non_field_errors: [data.error] });
  if (!('email' in data.value)) return fieldErrors({ email: [REQUIRED] });
  const email = emailField(data.value['email']);
  if (!email.ok) return fieldErrors({ email: [email.error] });
  const request = { uuid: newUuidHex(), user_uuid: user.uuid, email: email.value, created: state.now() };
  state.changeEmail.set(user.uuid, request);
  state.outbox.push({ user_uuid: user.uuid, email: request.email, code: request.uuid, sent_at: formatDateTime(request.created) });
  return detail(200, 'The change email request has been successfully created.');
}

function cancelChangeEmail(_req: SimRequest, state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  const deleted = state.changeEmail.delete(user.uuid);
  return detail(200, deleted ? 'The change email request has been successfully deleted.' : 'The change email request has not been found.');
}

/** Waldur syncs eduTEAMS accounts only; the simulator assumes REMOTE_EDUTEAMS_ENABLED and has nothing to pull. */
function pullRemoteUser(_req: SimRequest, _state: WaldurState, _viewer: UserRecord, user: UserRecord): SimResponse {
  if (user.identity_source !== 'eduteams' && user.registration_method !== 'eduteams') {
    return bareValidationError('User is not managed by eduTEAMS.');
  }
  return emptyResponse(200);
}

/**
 * `confirm_email` skips the permission checks (anyone holding the code may confirm), but a
 * bad credential is still a 401. Errors are bare arrays (`ValidationError("text")`).
 */
function confirmEmail(req: SimRequest, _params: unknown, { state }: WaldurContext): SimResponse {
  const auth = authenticate(req, state);
  if (auth.kind === 'failed') return auth.response;
  const actor = auth.kind === 'user' ? { actor: auth.user.username } : {};
  const body = readBody(req);
  if (!body.ok) return { ...body.response, ...actor };
  // `request.data.get("code")` on a JSON array or scalar is an AttributeError: Django's 500.
  if (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data)) return { ...djangoServerError(), ...actor };
  const raw = (body.data as Record<string, unknown>)['code'];
  const code = typeof raw === 'string' ? normalizeUuid(raw) : undefined;
  if (!code) return { ...bareValidationError('The confirmation code is required.'), ...actor };
  const request = [...state.changeEmail.values()].find((r) => r.uuid === code);
  if (!request) return { ...notFound(), ...actor };
  if (request.created + EMAIL_CHANGE_MAX_AGE_MS < state.now()) return { ...bareValidationError('Request has expired.'), ...actor };
  const user = state.users.get(request.user_uuid);
  if (user) user.email = request.email;
  for (const [key, other] of state.changeEmail) if (other.email === request.email) state.changeEmail.delete(key);
  return { ...detail(200, 'Email has been successfully updated.'), ...actor };
}
