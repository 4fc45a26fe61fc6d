import { isStaffOrSupport } from './context.js';
import type { Scope, UserRecord } from './records.js';
import type { WaldurState } from './state.js';

/**
 * Which users and scopes a caller can see (structure/filters.py `UserFilterBackend`,
 * structure/managers.py `get_visible_users`). Staff and support see everything. Anyone else
 * sees, with SHOW_ALL_USERS off (Waldur's default):
 *  - active users only (`UserViewSet.get_queryset`),
 *  - never staff users,
 *  - only users holding a role in a customer or project "visible" to them, plus themselves.
 * A customer is visible through a role in it or in one of its projects; a project through a
 * role in it or in its customer. The same rule hides customers and projects (GenericRoleFilter),
 * so a hidden scope or user is a 404, as `get_object()` gives.
 */
export function canSeeUser(state: WaldurState, viewer: UserRecord, user: UserRecord): boolean {
  if (isStaffOrSupport(viewer)) return true;
  if (!user.is_active || user.is_staff) return false;
  if (user.uuid === viewer.uuid) return true;
  const { customers, projects } = visibleScopes(state, viewer);
  return state.liveRoles((r) => r.user_uuid === user.uuid).some((r) => (r.scope_type === 'customer' ? customers : projects).has(r.scope_uuid));
}

export function visibleUsers(state: WaldurState, viewer: UserRecord): UserRecord[] {
  const users = [...state.users.values()];
  if (isStaffOrSupport(viewer)) return users;
  return users.filter((u) => canSeeUser(state, viewer, u));
}

export function canSeeScope(state: WaldurState, viewer: UserRecord, scope: Scope): boolean {
  if (isStaffOrSupport(viewer)) return true;
  const { customers, projects } = visibleScopes(state, viewer);
  return (scope.type === 'customer' ? customers : projects).has(scope.record.uuid);
}

/** `get_visible_customers` / `get_visible_projects` for a non-staff user. */
function visibleScopes(state: WaldurState, viewer: UserRecord): { customers: Set<string>; projects: Set<string> } {
  const mine = state.liveRoles((r) => r.user_uuid === viewer.uuid);
  const directCustomers = new Set(mine.filter((r) => r.scope_type === 'customer').map((r) => r.scope_uuid));
  const directProjects = new Set(mine.filter((r) => r.scope_type === 'project').map((r) => r.scope_uuid));
  const customers = new Set(directCustomers);
  const projects = new Set(directProjects);
  for (const project of state.projects.values()) {
    if (directProjects.has(project.uuid)) customers.add(project.customer_uuid);
    if (directCustomers.has(project.customer_uuid)) projects.add(project.uuid);
  }
  return { customers, projects };
}
