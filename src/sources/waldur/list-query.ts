import type { UserFilter } from '../source.js';

/**
 * `o=` for every list call: email first (the gateway merges sources by email), username to break
 * ties so that offsets are stable between calls. Both are in the 7.9.8 `o` enum; note that the
 * server sorts with the database collation (en_US in Waldur's images), which is close to but
 * not exactly lower-case code-point order.
 */
export const USER_ORDERING = 'email,username';

/** Waldur's largest `page_size` (README "Pagination"). */
export const WALDUR_MAX_PAGE_SIZE = 300;

/** Query parameters of `GET /api/users/` for a filter; null when Waldur can hold no match at all. */
export type UserListQuery = Record<string, string>;

/**
 * What of a `UserFilter` Waldur can answer (structure/filters.py `UserFilter`). Every pushed
 * parameter selects a superset of what the gateway's own filter keeps, which filters again:
 *  - `query` → `query=`: first_name, last_name, civil_number, username or email icontains the
 *    text, plus (two or more words) first_name icontains word 1 or last_name icontains word 2.
 *    A substring of "first last" is inside one name, or its first word is inside the first name,
 *    so full-name matches are covered. Sent trimmed, as django's CharField trims it anyway.
 *  - `email` → `email=` (icontains, a superset of the exact match the gateway wants).
 *  - `status` ACTIVE/INACTIVE → `is_active=true|false`; INVITED → null: Waldur has no invitations
 *    on users, so nobody matches and no call is needed.
 *  - `role` is not pushed: the gateway matches it case-insensitively and in any scope, including
 *    the synthetic `staff`/`support`, which `organization_roles`/`project_roles` cannot express.
 * Text with a NUL is kept local: django's ProhibitNullCharactersValidator would answer 400.
 */
export function toUserListQuery(filter: UserFilter): UserListQuery | null {
  if (filter.status === 'INVITED') return null;
  const query: UserListQuery = {};
  const text = pushableText(filter.query);
  if (text !== undefined) query['query'] = text;
  const email = pushableText(filter.email);
  if (email !== undefined) query['email'] = email;
  if (filter.status === 'ACTIVE') query['is_active'] = 'true';
  if (filter.status === 'INACTIVE') query['is_active'] = 'false';
  return query;
}

function pushableText(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '' || trimmed.includes('\u0000')) return undefined;
  return trimmed;
}
