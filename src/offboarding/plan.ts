import type { RoleGrant, UnifiedUser } from '../sources/model.js';
import type { Capability, Vendor } from '../sources/vendors.js';

export const OFFBOARD_ACTIONS = ['REVOKE_ROLES', 'DEACTIVATE', 'DELETE'] as const;
export type OffboardAction = (typeof OFFBOARD_ACTIONS)[number];

/** What a step does at the vendor. */
export type StepWork =
  | { kind: 'revoke'; grant: RoleGrant }
  | { kind: 'flags'; flag: 'isStaff' | 'isSupport' }
  | { kind: 'deactivate' }
  | { kind: 'delete' }
  | { kind: 'unsupported'; reason: string };

export interface OffboardStep {
  source: string;
  vendor: Vendor;
  nativeId: string;
  action: OffboardAction;
  /** For people: `revoke editor on DATA_DOMAIN datalake`. */
  description: string;
  /** The vendor call it maps to: `PUT /api/users/{email}`. */
  operation: string;
  capability: Capability;
  work: StepWork;
}

const USER_PATH: Record<Vendor, string> = { dqops: '/api/users/{email}', waldur: '/api/users/{uuid}/', rockset: '/v1/orgs/self/users/{email}' };

/**
 * The ordered steps that take one account's access away: its roles one by one, then deactivation,
 * then deletion, as asked. What a vendor cannot do is a step of its own, flagged with the reason,
 * never pretended: DQOps and Rockset have no deactivation, and a Rockset user keeps one role.
 * Pure: the plan is the same for the same account, and making it calls nothing.
 */
export function planAccount(user: UnifiedUser, vendor: Vendor, actions: ReadonlySet<OffboardAction>): OffboardStep[] {
  const step = (action: OffboardAction, description: string, operation: string, capability: Capability, work: StepWork): OffboardStep => ({
    source: user.source,
    vendor,
    nativeId: user.nativeId,
    action,
    description,
    operation,
    capability,
    work,
  });
  const steps: OffboardStep[] = [];
  if (actions.has('REVOKE_ROLES')) {
    const rocksetRoles = user.permissions.filter((p) => vendor === 'rockset' && p.scope.kind === 'ORGANIZATION');
    for (const p of user.permissions) {
      const where = p.scope.kind === 'SYSTEM' || p.scope.id === null ? p.scope.kind : `${p.scope.kind} ${p.scope.name ?? p.scope.id}`;
      const description = `revoke ${p.role} on ${where}`;
      if (p.scope.kind === 'SYSTEM') {
        const flag = p.role === 'staff' ? 'isStaff' : 'isSupport';
        steps.push(
          step('REVOKE_ROLES', description, `PATCH ${USER_PATH.waldur} (${p.role === 'staff' ? 'is_staff' : 'is_support'}: false)`, 'UPDATE_USER', {
            kind: 'flags',
            flag,
          }),
        );
      } else if (vendor === 'rockset' && p === rocksetRoles.at(-1)) {
        const reason = 'a Rockset user keeps at least one role: DELETE removes the account';
        steps.push(step('REVOKE_ROLES', description, `POST ${USER_PATH.rockset}`, 'REVOKE_ROLE', { kind: 'unsupported', reason }));
      } else {
        const operation =
          vendor === 'waldur'
            ? `POST /api/${p.scope.kind === 'CUSTOMER' ? 'customers' : 'projects'}/{uuid}/delete_user/`
            : vendor === 'dqops'
              ? `PUT ${USER_PATH.dqops}`
              : `POST ${USER_PATH.rockset}`;
        steps.push(
          step('REVOKE_ROLES', description, operation, 'REVOKE_ROLE', {
            kind: 'revoke',
            grant: { role: p.role, scope: { kind: p.scope.kind, id: p.scope.id } },
          }),
        );
      }
    }
  }
  if (actions.has('DEACTIVATE')) {
    if (vendor === 'waldur')
      steps.push(step('DEACTIVATE', 'deactivate the account', `PATCH ${USER_PATH.waldur} (is_active: false)`, 'UPDATE_USER', { kind: 'deactivate' }));
    else {
      const reason =
        vendor === 'dqops'
          ? 'DQOps has no deactivation: REVOKE_ROLES sets the account role to none, which is what it can do'
          : 'Rockset has no deactivation: DELETE removes the account';
      steps.push(step('DEACTIVATE', 'deactivate the account', '-', 'UPDATE_USER', { kind: 'unsupported', reason }));
    }
  }
  if (actions.has('DELETE')) steps.push(step('DELETE', 'delete the account', `DELETE ${USER_PATH[vendor]}`, 'DELETE_USER', { kind: 'delete' }));
  return steps;
}

/** Whether the step is already done, judged from the account as the vendor has it now (null: gone). */
export function alreadyDone(step: OffboardStep, now: UnifiedUser | null): boolean {
  if (now === null) return true;
  switch (step.work.kind) {
    case 'revoke': {
      const { grant } = step.work;
      return !now.permissions.some(
        (p) => p.role.toLowerCase() === grant.role.toLowerCase() && p.scope.kind === grant.scope.kind && p.scope.id === grant.scope.id,
      );
    }
    case 'flags': {
      const role = step.work.flag === 'isStaff' ? 'staff' : 'support';
      return !now.permissions.some((p) => p.scope.kind === 'SYSTEM' && p.role === role);
    }
    case 'deactivate':
      return now.status === 'INACTIVE';
    case 'delete':
      return false;
    case 'unsupported':
      return false;
  }
}
