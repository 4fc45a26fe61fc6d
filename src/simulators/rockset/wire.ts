/**
 * Rockset's wire shapes, as `rockset-js-0.9.2-users-swagger2.yaml` defines them
 * (snake_case, except `UnsubscribePreference.notificationType`).
 */

export type RocksetUserState = 'NEW' | 'ACTIVE';

/** `User`: `email` is the only required field. */
export interface RocksetUser {
  email: string;
  created_at?: string;
  first_name?: string;
  last_name?: string;
  roles?: string[];
  state?: string;
}

/** `UnsubscribePreference`. */
export interface RocksetUnsubscribePreference {
  notificationType: string;
}

/** The `type` values of `ErrorModel` that this simulator sends (a subset of the spec's enum). */
export type RocksetErrorType =
  | 'AUTHEXCEPTION'
  | 'INTERNALERROR'
  | 'INVALIDINPUT'
  | 'NOTIMPLEMENTEDYET'
  | 'ALREADYEXISTS'
  | 'METHODNOTALLOWED'
  | 'NOTACCEPTABLE'
  | 'UNSUPPORTEDMEDIATYPE'
  | 'NOTFOUND'
  | 'FORBIDDEN'
  | 'CONTENTTOOLARGE'
  | 'BADREQUEST'
  | 'SERVICEUNAVAILABLE'
  | 'RATELIMITEXCEEDED';

/** `ErrorModel`: every field optional; `line`, `column` and `query_id` only concern queries. */
export interface RocksetErrorModel {
  message: string;
  type: RocksetErrorType;
  trace_id: string;
  error_id?: string;
}

/** A user as the simulator keeps it: the names are kept even while the API hides them. */
export interface StoredUser {
  email: string;
  first_name?: string;
  last_name?: string;
  roles: string[];
  state: RocksetUserState;
  created_at: string;
}

/**
 * The `User` the API returns. A NEW user's names are left out: rockset-go-client `users.go`
 * (UpdateUser doc comment) says "the user first and last name aren't visible for privacy
 * reasons, until the user has accepted the invite, i.e. is in the ACTIVE state", and its
 * `users_test.go` cannot assert them after an update for that reason.
 */
export function toWireUser(user: StoredUser): RocksetUser {
  const wire: RocksetUser = { email: user.email, created_at: user.created_at };
  if (user.state === 'ACTIVE') {
    if (user.first_name !== undefined) wire.first_name = user.first_name;
    if (user.last_name !== undefined) wire.last_name = user.last_name;
  }
  wire.roles = [...user.roles];
  wire.state = user.state;
  return wire;
}

/** `created_at` in the spec's example form, `2001-08-28T00:23:41Z` (seconds, no fraction). */
export function rocksetTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
