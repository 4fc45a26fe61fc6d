import type { UserErrorCode, UserErrorInfo, WriteResult } from '../model.js';
import type { DrfMessage } from './drf-errors.js';

/** How one write's refusal is put on the mutation's input: Waldur field name → input path. */
export interface RefusalMapping {
  fields: Readonly<Record<string, readonly string[]>>;
  /** Where messages about no one field go; null (the default) for the input as a whole. */
  nonField?: readonly string[] | null;
  /** Non-field messages known to be about one input field (permissions/serializers.py texts). */
  messages?: Readonly<Record<string, readonly string[]>>;
  /** The input holds a password: only messages known not to quote it are passed on. */
  secret?: boolean;
}

/** `UserRequest` fields (7.9.8) → the paths of `NewUser` / `UserChanges`. */
export const USER_FIELD_PATHS: Readonly<Record<string, readonly string[]>> = {
  username: ['username'],
  email: ['email'],
  first_name: ['firstName'],
  last_name: ['lastName'],
  native_name: ['waldur', 'nativeName'],
  job_title: ['waldur', 'jobTitle'],
  organization: ['waldur', 'organization'],
  phone_number: ['waldur', 'phoneNumber'],
  description: ['waldur', 'description'],
  preferred_language: ['waldur', 'preferredLanguage'],
  notifications_enabled: ['waldur', 'notificationsEnabled'],
  is_staff: ['waldur', 'isStaff'],
  is_support: ['waldur', 'isSupport'],
  is_active: ['waldur', 'isActive'],
};

/**
 * Messages DRF and Django's password validators write about a password without quoting it
 * (DRF CharField, django.contrib.auth.password_validation). Anything else may hold the value.
 */
const SAFE_PASSWORD_MESSAGES: readonly RegExp[] = [
  /^This field (is required|may not be blank|may not be null)\.$/,
  /^Not a valid string\.$/,
  /^Ensure this field has no more than \d+ characters\.$/,
  /^This password is too short\. It must contain at least \d+ characters?\.$/,
  /^This password is (too common|entirely numeric)\.$/,
  /^The password is too similar to the [a-z ]{1,40}\.$/,
  /^Invalid data\. Expected a dictionary, but got \w+\.$/,
];

export const WITHHELD_PASSWORD_MESSAGE = 'Waldur refused the password; its reason is withheld because it could quote the password';

/**
 * Waldur's messages as userErrors, code INVALID (TAKEN when Waldur says the value
 * already exists, as its unique validators do: "user with this username already exists.").
 * A Waldur field with no input counterpart goes on the input as a whole, named in the message.
 */
export function toUserErrors(messages: readonly DrfMessage[], mapping: RefusalMapping): UserErrorInfo[] {
  return messages.map(({ field, message }) => {
    const text = mapping.secret === true && !SAFE_PASSWORD_MESSAGES.some((re) => re.test(message)) ? WITHHELD_PASSWORD_MESSAGE : message;
    const code: UserErrorCode = /already exists/i.test(text) ? 'TAKEN' : 'INVALID';
    if (field === null) {
      const path = mapping.messages?.[message] ?? mapping.nonField ?? null;
      return { field: path === null ? null : [...path], message: text, code };
    }
    const path = mapping.fields[field];
    return path ? { field: [...path], message: text, code } : { field: null, message: `${field}: ${text}`, code };
  });
}

/** One userError. */
export function userError(field: readonly string[] | null, message: string, code: UserErrorCode): UserErrorInfo {
  return { field: field === null ? null : [...field], message, code };
}

/** A write refused for its input. */
export function refused<T>(userErrors: UserErrorInfo[]): WriteResult<T> {
  return { ok: false, userErrors };
}
