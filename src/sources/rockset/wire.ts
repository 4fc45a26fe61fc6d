import { z } from 'zod/v4';

/**
 * Rockset's user-management shapes exactly as its API sends them
 * (`rockset-js-0.9.2-users-swagger2.yaml`; contracts/rockset README "Models"). snake_case, except
 * `UnsubscribePreference.notificationType`.
 *
 * Leniency, and why:
 * - Unknown fields pass through (`z.looseObject`): the newer go-client spec already grew
 *   `ErrorModel.virtual_instance_rrn`, and a User may grow fields the same way.
 * - Optional fields also accept `null` and read it as absent. The spec declares none nullable,
 *   but neither published client refuses a null there (the JS codegen does not validate; the go
 *   client decodes into pointers), so refusing it here would break a listing they would show.
 * - `roles` and `state` are free strings: the spec has no enum for either (custom roles exist).
 */

/** `User`; `email` is the only required field, and the key of every `{user}` path. */
export const rocksetUserSchema = z.looseObject({
  email: z.string().min(1),
  /** "ISO-8601 date." with no declared `format`; example `2001-08-28T00:23:41Z`. */
  created_at: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  roles: z.array(z.string()).nullish(),
  /** "NEW / ACTIVE", a free string. */
  state: z.string().nullish(),
});
export type RocksetUser = z.infer<typeof rocksetUserSchema>;

/** `ListUsersResponse {data?: User[]}` (GET /v1/orgs/self/users). */
export const rocksetListUsersResponseSchema = z.looseObject({ data: z.array(rocksetUserSchema).nullish() });
export type RocksetListUsersResponse = z.infer<typeof rocksetListUsersResponseSchema>;

/** `UnsubscribePreference {notificationType*}`: a notification type the user unsubscribed from. */
export const rocksetUnsubscribePreferenceSchema = z.looseObject({ notificationType: z.string() });
export type RocksetUnsubscribePreference = z.infer<typeof rocksetUnsubscribePreferenceSchema>;

/** `ListUnsubscribePreferencesResponse {data?: UnsubscribePreference[]}`. */
export const rocksetListUnsubscribePreferencesResponseSchema = z.looseObject({ data: z.array(rocksetUnsubscribePreferenceSchema).nullish() });
export type RocksetListUnsubscribePreferencesResponse = z.infer<typeof rocksetListUnsubscribePreferencesResponseSchema>;

// Writes (contracts/rockset README "Endpoints"): create and delete wrap the user in `{data}`,
// update answers a bare `User`, and the preferences POST answers the list it stored.

/** `CreateUserRequest {email*, roles*, first_name?, last_name?}`. */
export interface RocksetCreateUserRequest {
  email: string;
  roles: string[];
  first_name?: string;
  last_name?: string;
}

/** `UpdateUserRequest {first_name?, last_name?, roles?}`: no email, since `{user}` is the key. */
export interface RocksetUpdateUserRequest {
  first_name?: string;
  last_name?: string;
  /** Replaces the whole list. */
  roles?: string[];
}

/** `UpdateUnsubscribePreferencesRequest {data?}`: replaces the caller's whole list. */
export interface RocksetUpdateUnsubscribePreferencesRequest {
  data: RocksetUnsubscribePreference[];
}

/**
 * `CreateUserResponse {data?: User}` and `DeleteUserResponse {data?: User}`. The spec makes `data`
 * optional like every codegen field, but an answer without the user is of no use to a write:
 * required here, so its absence is UPSTREAM_BAD_RESPONSE rather than a user made up.
 */
export const rocksetUserResponseSchema = z.looseObject({ data: rocksetUserSchema });
export type RocksetUserResponse = z.infer<typeof rocksetUserResponseSchema>;

/** `UpdateUnsubscribePreferencesResponse {data?: UnsubscribePreference[]}`: the same shape as the list answer. */
export const rocksetUpdateUnsubscribePreferencesResponseSchema = rocksetListUnsubscribePreferencesResponseSchema;

/**
 * `ErrorModel`, only as far as a write reads it: `type` tells INVALIDINPUT and ALREADYEXISTS from
 * the rest, `message` names the field. Both optional in the spec; `type` is kept a free string so
 * that a value newer than the spec's enum still parses.
 */
export const rocksetErrorModelSchema = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
});
export type RocksetErrorModel = z.infer<typeof rocksetErrorModelSchema>;
