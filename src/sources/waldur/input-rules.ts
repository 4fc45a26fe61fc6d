import type { NewUser, UserChanges, UserErrorInfo, WaldurUserFields } from '../model.js';
import { userError } from './user-errors.js';
import type { WaldurUserWrite } from './wire.js';

/** `UserRequest.username` (7.9.8 spec): pattern and maximum length. */
export const WALDUR_USERNAME_PATTERN = /^[0-9a-z_.@+-]+$/;
export const WALDUR_USERNAME_MAX_LENGTH = 128;

export type Checked<T> = { ok: true; value: T } | { ok: false; userErrors: UserErrorInfo[] };

/** The text fields of `UserRequest` the gateway writes, with the spec's maxLength. */
const TEXT_FIELDS = [
  { wire: 'first_name', path: ['firstName'], max: 100, read: (i: NewUser | UserChanges) => i.firstName },
  { wire: 'last_name', path: ['lastName'], max: 100, read: (i: NewUser | UserChanges) => i.lastName },
  { wire: 'native_name', path: ['waldur', 'nativeName'], max: 100, read: (i: NewUser | UserChanges) => i.waldur?.nativeName },
  { wire: 'job_title', path: ['waldur', 'jobTitle'], max: 120, read: (i: NewUser | UserChanges) => i.waldur?.jobTitle },
  { wire: 'organization', path: ['waldur', 'organization'], max: 255, read: (i: NewUser | UserChanges) => i.waldur?.organization },
  { wire: 'phone_number', path: ['waldur', 'phoneNumber'], max: 255, read: (i: NewUser | UserChanges) => i.waldur?.phoneNumber },
  { wire: 'description', path: ['waldur', 'description'], max: 4096, read: (i: NewUser | UserChanges) => i.waldur?.description },
  { wire: 'preferred_language', path: ['waldur', 'preferredLanguage'], max: 10, read: (i: NewUser | UserChanges) => i.waldur?.preferredLanguage },
] as const;

const FLAG_FIELDS: readonly (readonly [keyof WaldurUserFields, 'notifications_enabled' | 'is_staff' | 'is_support' | 'is_active'])[] = [
  ['notificationsEnabled', 'notifications_enabled'],
  ['isStaff', 'is_staff'],
  ['isSupport', 'is_support'],
  ['isActive', 'is_active'],
];

/**
 * A username for a user created without one: the email lower-cased, every character outside
 * `^[0-9a-z_.@+-]+$` replaced by `_`, cut to 128 characters (`Zoë.Doe@Example.com` →
 * `zo_.doe@example.com`). Two emails can give one username; Waldur then refuses the second
 * with "user with this username already exists." (TAKEN) and the caller names one.
 */
export function deriveUsername(email: string): string {
  return [...email.toLowerCase()]
    .map((c) => (WALDUR_USERNAME_PATTERN.test(c) ? c : '_'))
    .join('')
    .slice(0, WALDUR_USERNAME_MAX_LENGTH);
}

/** The `POST /api/users/` body for a new user; `derivedUsername` says the username was made up. */
export function toUserCreate(user: NewUser): Checked<{ body: WaldurUserWrite; derivedUsername: boolean }> {
  const errors = rolesNotAllowed(user);
  const derivedUsername = user.username === undefined || user.username === null;
  const username = user.username ?? deriveUsername(user.email);
  if (!derivedUsername) {
    const problem = checkUsername(username);
    if (problem) errors.push(problem);
  }
  const body: WaldurUserWrite = { username, email: user.email };
  errors.push(...copyFields(user, body));
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: { body, derivedUsername } };
}

/** The `PATCH /api/users/{uuid}/` body: only the fields given. */
export function toUserPatch(changes: UserChanges): Checked<WaldurUserWrite> {
  const errors = rolesNotAllowed(changes);
  const body: WaldurUserWrite = {};
  errors.push(...copyFields(changes, body));
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: body };
}

/** A given username against Waldur's pattern and length; undefined when it is fine. */
export function checkUsername(username: string): UserErrorInfo | undefined {
  if (!WALDUR_USERNAME_PATTERN.test(username)) {
    return userError(['username'], `must be lower-case letters, digits and the characters _ . @ + - only, but got: ${JSON.stringify(username)}`, 'INVALID');
  }
  if (username.length > WALDUR_USERNAME_MAX_LENGTH) {
    return userError(['username'], `must be at most ${WALDUR_USERNAME_MAX_LENGTH} characters, but got ${username.length}`, 'TOO_LONG');
  }
  return undefined;
}

// Waldur roles belong to a customer or a project, never to the user record: grantRole gives them.
function rolesNotAllowed(input: NewUser | UserChanges): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  const hint = 'Waldur grants roles per customer or project: use grantRole';
  if (input.roles !== undefined && input.roles !== null) errors.push(userError(['roles'], `not accepted by Waldur. ${hint}`, 'NOT_ALLOWED'));
  if (input.dataDomainRoles !== undefined && input.dataDomainRoles !== null) {
    errors.push(userError(['dataDomainRoles'], `not accepted by Waldur (a DQOps field). ${hint}`, 'NOT_ALLOWED'));
  }
  return errors;
}

/** Copies the given names and `waldur.*` fields onto `body`; a text longer than Waldur takes is TOO_LONG. */
function copyFields(input: NewUser | UserChanges, body: WaldurUserWrite): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  for (const field of TEXT_FIELDS) {
    const value = field.read(input);
    if (value === undefined || value === null) continue;
    // DRF trims before it counts (CharField trim_whitespace), and counts code points, as Python's len.
    const length = [...value.trim()].length;
    if (length > field.max) errors.push(userError(field.path, `must be at most ${field.max} characters in Waldur, but got ${length}`, 'TOO_LONG'));
    else body[field.wire] = value;
  }
  for (const [name, wire] of FLAG_FIELDS) {
    const value = input.waldur?.[name];
    if (typeof value === 'boolean') body[wire] = value;
  }
  return errors;
}
