import { jsonResponse, type SimResponse } from '../sim-types.js';
import { authorize, type CallerHandler } from './auth.js';
import { rocksetError } from './errors.js';
import { type Checked, invalidInput, optionalString, readJsonObject, roleList } from './request-body.js';
import type { NewUser, RocksetStore, UserChanges } from './state.js';
import { type StoredUser, toWireUser } from './wire.js';

// contracts/rockset README: every success is 200; list, create and delete wrap in `{data}`,
// get, self and update answer a bare `User`.

/** GET /v1/orgs/self/users → `ListUsersResponse {data: User[]}`. */
export const listUsers: CallerHandler = (_req, _params, store, caller) =>
  authorize(caller, 'LIST_USERS_GLOBAL') ?? jsonResponse(200, { data: store.list().map(toWireUser) });

/** GET /v1/orgs/self/users/self → the caller as a bare `User`. */
export const getCurrentUser: CallerHandler = (_req, _params, _store, caller) => jsonResponse(200, toWireUser(caller));

/** GET /v1/orgs/self/users/{user} → bare `User`. */
export const getUser: CallerHandler = (_req, params, store, caller) => {
  const denied = authorize(caller, 'LIST_USERS_GLOBAL');
  if (denied) return denied;
  return withUser(store, params, (user) => jsonResponse(200, toWireUser(user)));
};

/** POST /v1/orgs/self/users → `CreateUserResponse {data: User}`; the new user is NEW. */
export const createUser: CallerHandler = (req, _params, store, caller) => {
  const body = readJsonObject(req);
  if (!body.ok) return body.response;
  const denied = authorize(caller, 'INVITE_USER_GLOBAL');
  if (denied) return denied;
  const input = newUserFrom(body.value, store);
  if (!input.ok) return input.response;
  if (store.find(input.value.email)) {
    return rocksetError(409, 'ALREADYEXISTS', `User ${input.value.email} already exists.`);
  }
  return jsonResponse(200, { data: toWireUser(store.create(input.value)) });
};

/** POST /v1/orgs/self/users/{user} (update is a POST) → bare `User`. */
export const updateUser: CallerHandler = (req, params, store, caller) => {
  const body = readJsonObject(req);
  if (!body.ok) return body.response;
  const denied = authorize(caller, 'GRANT_REVOKE_ROLE_GLOBAL');
  if (denied) return denied;
  const changes = userChangesFrom(body.value, store);
  if (!changes.ok) return changes.response;
  return withUser(store, params, (user) => jsonResponse(200, toWireUser(store.update(user, changes.value))));
};

/** DELETE /v1/orgs/self/users/{user} → `DeleteUserResponse {data: User}`, the user as it was. */
export const deleteUser: CallerHandler = (_req, params, store, caller) => {
  const denied = authorize(caller, 'DELETE_USER_GLOBAL');
  if (denied) return denied;
  return withUser(store, params, (user) => {
    const before = toWireUser(user);
    store.delete(user);
    return jsonResponse(200, { data: before });
  });
};

function withUser(store: RocksetStore, params: Readonly<Record<string, string>>, then: (user: StoredUser) => SimResponse): SimResponse {
  const email = params['user'] ?? '';
  const user = store.find(email);
  if (!user) return rocksetError(404, 'NOTFOUND', `User ${email.slice(0, 320)} not found.`);
  return then(user);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `CreateUserRequest {email*, roles*, first_name?, last_name?}`; unknown fields are ignored. */
function newUserFrom(body: Record<string, unknown>, store: RocksetStore): Checked<NewUser> {
  const email = body['email'];
  if (email === undefined || email === null) return { ok: false, response: invalidInput('email', 'is required') };
  if (typeof email !== 'string' || !EMAIL.test(email) || email.length > 320) {
    return { ok: false, response: invalidInput('email', 'must be a valid email address') };
  }
  if (body['roles'] === undefined || body['roles'] === null) return { ok: false, response: invalidInput('roles', 'is required') };
  const roles = roleList(body['roles'], (r) => store.isKnownRole(r));
  if (!roles.ok) return roles;
  const names = namesFrom(body);
  if (!names.ok) return names;
  return { ok: true, value: { email, roles: roles.value, ...names.value } };
}

/**
 * `UpdateUserRequest {first_name?, last_name?, roles?}`. It has no `email`, so an `email` field
 * is ignored like any unknown one: an update never changes the key.
 */
function userChangesFrom(body: Record<string, unknown>, store: RocksetStore): Checked<UserChanges> {
  const changes: UserChanges = {};
  if (body['roles'] !== undefined && body['roles'] !== null) {
    const roles = roleList(body['roles'], (r) => store.isKnownRole(r));
    if (!roles.ok) return roles;
    changes.roles = roles.value;
  }
  const names = namesFrom(body);
  if (!names.ok) return names;
  return { ok: true, value: { ...changes, ...names.value } };
}

function namesFrom(body: Record<string, unknown>): Checked<{ first_name?: string; last_name?: string }> {
  const first = optionalString(body, 'first_name');
  if (!first.ok) return first;
  const last = optionalString(body, 'last_name');
  if (!last.ok) return last;
  return {
    ok: true,
    value: { ...(first.value !== undefined && { first_name: first.value }), ...(last.value !== undefined && { last_name: last.value }) },
  };
}
