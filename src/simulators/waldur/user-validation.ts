import { booleanField, charField, dateField, emailField, expectObject, type FieldResult, integerField, REQUIRED } from './fields.js';
import type { UserRecord } from './records.js';
import type { WaldurState } from './state.js';

export interface UserWrite {
  viewer: UserRecord;
  /** The user being updated; absent on create. */
  instance?: UserRecord;
  /** PATCH: fields left out are not required. */
  partial: boolean;
  /** Whether the viewer sees `token_lifetime`: a field that is not shown cannot be written. */
  tokenFieldsVisible: boolean;
}

export type UserWriteResult = { ok: true; attrs: Partial<UserRecord> } | { ok: false; errors: Record<string, string[]> };

type Check = (value: unknown) => FieldResult<unknown>;
const text =
  (maxLength: number): Check =>
  (v) =>
    charField(v, { maxLength });
const USERNAME: Check = (v) => charField(v, { maxLength: 128, allowBlank: false, pattern: [/^[0-9a-z_.@+-]+$/, 'Enter a valid username.'] });
const SLUG: Check = (v) =>
  charField(v, { maxLength: 50, pattern: [/^[-a-zA-Z0-9_]+$/, 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'] });

/**
 * `UserSerializer` on write, in its field order (the order DRF reports errors in). Fields the
 * viewer may not write are dropped silently, as DRF drops read-only and removed fields:
 * `username` and `email` after creation, `slug`/`description`/`is_*` for non-staff, `notifications_enabled`
 * for non-staff, `token_lifetime` for anyone but the user herself.
 */
function writableChecks(w: UserWrite): [keyof UserRecord | 'agree_with_policy', Check][] {
  const staff = w.viewer.is_staff;
  const checks: [keyof UserRecord | 'agree_with_policy', Check | false][] = [
    ['username', !w.instance && USERNAME],
    ['slug', staff && SLUG],
    ['native_name', text(100)],
    ['job_title', text(120)],
    // `Meta.protected_fields = ("email",)`: set on create, read-only afterwards (change_email exists for that).
    ['email', !w.instance && emailField],
    ['phone_number', text(255)],
    ['organization', text(255)],
    ['description', staff && text(4096)],
    ['is_staff', staff && booleanField],
    ['is_active', staff && booleanField],
    ['is_support', staff && booleanField],
    ['token_lifetime', w.tokenFieldsVisible && ((v) => integerField(v, { min: 60, max: 2147483647, allowNull: true }))],
    ['agree_with_policy', booleanField],
    ['notifications_enabled', staff && booleanField],
    ['preferred_language', text(10)],
    ['first_name', text(100)],
    ['last_name', text(100)],
    ['birth_date', (v) => dateField(v, true)],
  ];
  return checks.filter((c): c is [keyof UserRecord | 'agree_with_policy', Check] => c[1] !== false);
}

/** Validates a create/update body; on success returns the model attributes to store. */
export function validateUserWrite(state: WaldurState, data: unknown, w: UserWrite): UserWriteResult {
  const body = expectObject(data);
  if (!body.ok) return { ok: false, errors: { non_field_errors: [body.error] } };

  const errors: Record<string, string[]> = {};
  const attrs: Record<string, unknown> = {};
  for (const [name, check] of writableChecks(w)) {
    if (!(name in body.value)) {
      // `username` and `email` are required on create (UserRequest); on update both are read-only.
      if (!w.partial && (name === 'email' || name === 'username')) errors[name] = [REQUIRED];
      continue;
    }
    const result = check(body.value[name]);
    if (!result.ok) errors[name] = [result.error];
    else attrs[name] = result.value;
  }
  if (typeof attrs['username'] === 'string' && [...state.users.values()].some((u) => u.username === attrs['username'])) {
    errors['username'] = ['user with this username already exists.'];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const agreed = attrs['agree_with_policy'] === true;
  delete attrs['agree_with_policy'];
  const policy = checkPolicy(w.instance, attrs, agreed, state.now());
  if (policy) return { ok: false, errors: policy };
  return { ok: true, attrs: attrs as Partial<UserRecord> };
}

/**
 * `UserSerializer.validate`: a user who never agreed to the policy must agree now
 * (`agree_with_policy: true` stamps `agreement_date`), unless the change only deactivates
 * an active user or the user is staff. Creation never asks.
 */
function checkPolicy(instance: UserRecord | undefined, attrs: Record<string, unknown>, agreed: boolean, now: number): Record<string, string[]> | undefined {
  if (!instance || instance.agreement_date !== null) return undefined;
  if (agreed) {
    attrs['agreement_date'] = now;
    return undefined;
  }
  const keys = Object.keys(attrs);
  const deactivation = instance.is_active && keys.length === 1 && keys[0] === 'is_active' && attrs['is_active'] === false;
  if (deactivation || instance.is_staff) return undefined;
  return { agree_with_policy: ['User must agree with the policy.'] };
}
