import type { DqopsDataDomainRole, NewUser, UserChanges, WaldurUserFields } from '../sources/model.js';

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** Drops absent and null optional fields: GraphQL sends `null` for "not given" as often as it omits. */
export function compact<T extends object>(value: Nullable<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

interface UserFieldsInput {
  firstName?: string | null;
  lastName?: string | null;
  roles?: string[] | null;
  dataDomainRoles?: DqopsDataDomainRole[] | null;
  waldur?: Nullable<WaldurUserFields> | null;
}

function userFields(input: UserFieldsInput): UserChanges {
  const out: UserChanges = compact({ firstName: input.firstName, lastName: input.lastName, roles: input.roles });
  if (input.dataDomainRoles) out.dataDomainRoles = input.dataDomainRoles.map((d) => ({ domain: d.domain, role: d.role }));
  if (input.waldur) out.waldur = compact<WaldurUserFields>(input.waldur);
  return out;
}

export function toNewUser(input: UserFieldsInput & { email: string; username?: string | null }): NewUser {
  const user: NewUser = { email: input.email, ...userFields(input) };
  if (input.username !== undefined && input.username !== null) user.username = input.username;
  return user;
}

export function toUserChanges(input: UserFieldsInput): UserChanges {
  return userFields(input);
}
