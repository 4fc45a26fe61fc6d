import type { SimResponse } from '../sim-types.js';
import { lastParam } from './context.js';
import { parseDrfDateTime } from './datetime.js';
import { fieldErrors } from './errors.js';
import { normalizeUuid } from './identifiers.js';
import { orderingFrom, type SortKey } from './ordering.js';
import type { UserRecord } from './records.js';
import { fullName } from './serialize.js';
import type { WaldurState } from './state.js';

export type UserQueryResult = { ok: true; users: UserRecord[] } | { ok: false; response: SimResponse };

type Predicate = (u: UserRecord) => boolean;
const icontains =
  (field: (u: UserRecord) => string, value: string): Predicate =>
  (u) =>
    fold(field(u)).includes(fold(value));
const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** `UserFilter`'s ordering choices (`o=`), full_name being first then last name. */
const ORDERING: Record<string, SortKey<UserRecord>[]> = {
  full_name: [(u) => u.first_name, (u) => u.last_name],
  ...Object.fromEntries(
    (
      [
        'native_name',
        'email',
        'phone_number',
        'description',
        'organization',
        'job_title',
        'username',
        'is_active',
        'registration_method',
        'is_staff',
        'is_support',
      ] as const
    ).map((f) => [f, [(u: UserRecord) => u[f]]]),
  ),
};

/**
 * structure/filters.py `UserFilter` over the users the caller may see, then its ordering
 * (default: username, from UserFilterBackend). Empty values filter nothing (django-filter).
 */
export function queryUsers(state: WaldurState, users: UserRecord[], query: URLSearchParams): UserQueryResult {
  const predicates: Predicate[] = [];
  const errors: Record<string, string[]> = {};
  const get = (name: string): string | undefined => {
    const v = lastParam(query, name);
    return v === undefined || v === '' ? undefined : v;
  };
  const add = (name: string, make: (v: string) => Predicate | undefined): void => {
    const v = get(name);
    if (v === undefined) return;
    const p = make(v);
    if (p) predicates.push(p);
  };

  add('username', (v) => (u) => u.username === v);
  add('email', (v) => icontains((u) => u.email, v));
  add('native_name', (v) => icontains((u) => u.native_name, v));
  add('organization', (v) => icontains((u) => u.organization, v));
  add('job_title', (v) => icontains((u) => u.job_title, v));
  add('full_name', (v) => icontains(fullName, v));
  add('user_keyword', (v) => (u) => [fullName(u), u.username, u.email].some((f) => fold(f).includes(fold(v))));
  for (const f of ['phone_number', 'description', 'civil_number', 'registration_method'] as const) add(f, (v) => (u) => u[f] === v);
  for (const f of ['is_active', 'is_staff', 'is_support'] as const) add(f, (v) => booleanWidget(v, (b) => (u) => u[f] === b));
  for (const f of ['date_joined', 'agreement_date'] as const) {
    add(f, (v) => {
      const t = parseDrfDateTime(v);
      if (t === undefined) errors[f] = ['Enter a valid date/time.'];
      return (u) => u[f] !== null && t !== undefined && u[f] >= t;
    });
  }
  add('query', (v) => queryPredicate(v));
  add('username_list', (v) => {
    const names = new Set(
      v
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    );
    return (u) => names.has(u.username);
  });
  for (const [param, type] of [
    ['customer_uuid', 'customer'],
    ['project_uuid', 'project'],
  ] as const) {
    add(param, (v) => {
      const uuid = normalizeUuid(v);
      if (uuid === undefined) errors[param] = ['Enter a valid UUID.'];
      const members = uuid === undefined ? new Set<string>() : scopeMembers(state, type, uuid);
      return (u) => members.has(u.uuid);
    });
  }
  for (const param of ['organization_roles', 'project_roles']) {
    if (get(param) === undefined) continue;
    const names = new Set(query.getAll(param));
    const holders = new Set(state.roles.filter((r) => names.has(r.role)).map((r) => r.user_uuid));
    predicates.push((u) => holders.has(u.uuid));
  }
  if (Object.keys(errors).length > 0) return { ok: false, response: fieldErrors(errors) };

  const ordering = orderingFrom(query, ORDERING, [(u) => u.username]);
  if (!ordering.ok) return ordering;
  return { ok: true, users: ordering.sort(users.filter((u) => predicates.every((p) => p(u)))) };
}

/** `filter_query`: names, civil number, username or email contain the text; two words also match first + last. */
function queryPredicate(value: string): Predicate {
  const [first, last] = value.split(/\s+/).filter((w) => w !== '');
  return (u) =>
    [u.first_name, u.last_name, u.civil_number ?? '', u.username, u.email].some((f) => fold(f).includes(fold(value))) ||
    (first !== undefined && last !== undefined && (fold(u.first_name).includes(fold(first)) || fold(u.last_name).includes(fold(last))));
}

/** django-filter's BooleanWidget: `true/false/1/0` (any case); anything else filters nothing. */
function booleanWidget(value: string, make: (b: boolean) => Predicate): Predicate | undefined {
  const b = ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()];
  return b === undefined ? undefined : make(b);
}

/** `get_nested_customer_users` (customer and its projects) or `get_project_users`. */
function scopeMembers(state: WaldurState, type: 'customer' | 'project', uuid: string): Set<string> {
  const projectUuids = new Set(type === 'project' ? [uuid] : [...state.projects.values()].filter((p) => p.customer_uuid === uuid).map((p) => p.uuid));
  return new Set(
    state
      .liveRoles((r) => (r.scope_type === 'customer' ? type === 'customer' && r.scope_uuid === uuid : projectUuids.has(r.scope_uuid)))
      .map((r) => r.user_uuid),
  );
}
