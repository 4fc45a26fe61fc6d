import type { RoleGrant, UnifiedUser } from '../sources/model.js';
import type { Capability, Vendor } from '../vendors.js';

export const OFFBOARD_ACTIONS = ['REVOKE_ROLES', 'DEACTIVATE', 'DELETE'] as const;
export type OffboardAction = (typeof OFFBOARD_ACTIONS)[number];

/** What a step does at the vendor. */
export type StepWork =
  | { kind: 'revoke'; grant: RoleGrant }
  | { kind: 'flags'; flag: 'isStaff' | 'isSupport' }
  | { kind: 'deactivate' }
  | { kind: 'delete' }
  /** `role`: the role a Rockset user keeps (its last), for the step's description. */
  | { kind: 'unsupported'; reason: string; role?: string };

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

/** The account a step is about. */
export interface StepAccount {
  source: string;
  nativeId: string;
}

/**
 * One step, everything a person reads of it made here from its work: a step taken from a signed
 * plan is described by the same code as a fresh one, never by text the plan carried.
 * `scopeName` (Waldur project and customer names, from a fresh read) only makes the words friendlier.
 */
export function describeStep(account: StepAccount, vendor: Vendor, action: OffboardAction, work: StepWork, scopeName: string | null = null): OffboardStep {
  const base = { source: account.source, vendor, nativeId: account.nativeId, action, work };
  switch (work.kind) {
    case 'revoke': {
      const { role, scope } = work.grant;
      const where = scope.kind === 'SYSTEM' || scope.id === null ? scope.kind : `${scope.kind} ${scopeName ?? scope.id}`;
      const operation =
        vendor === 'waldur'
          ? `POST /api/${scope.kind === 'CUSTOMER' ? 'customers' : 'projects'}/{uuid}/delete_user/`
          : vendor === 'dqops'
            ? `PUT ${USER_PATH.dqops}`
            : `POST ${USER_PATH.rockset}`;
      return { ...base, description: `revoke ${role} on ${where}`, operation, capability: 'REVOKE_ROLE' };
    }
    case 'flags': {
      const role = work.flag === 'isStaff' ? 'staff' : 'support';
      return { ...base, description: `revoke ${role} on SYSTEM`, operation: `PATCH ${USER_PATH.waldur} (is_${role}: false)`, capability: 'UPDATE_USER' };
    }
    case 'deactivate':
      return { ...base, description: 'deactivate the account', operation: `PATCH ${USER_PATH.waldur} (is_active: false)`, capability: 'UPDATE_USER' };
    case 'delete':
      return { ...base, description: 'delete the account', operation: `DELETE ${USER_PATH[vendor]}`, capability: 'DELETE_USER' };
    case 'unsupported':
      return action === 'REVOKE_ROLES'
        ? { ...base, description: `revoke ${work.role ?? 'the last role'} on ORGANIZATION`, operation: `POST ${USER_PATH.rockset}`, capability: 'REVOKE_ROLE' }
        : { ...base, description: 'deactivate the account', operation: '-', capability: 'UPDATE_USER' };
  }
}

/**
 * The ordered steps that take one account's access away: its roles one by one, then deactivation,
 * then deletion, as asked. What a vendor cannot do is a step of its own, flagged with the reason,
 * never pretended: DQOps and Rockset have no deactivation, and a Rockset user keeps one role.
 * Pure: the plan is the same for the same account, and making it calls nothing.
 */
export function planAccount(user: UnifiedUser, vendor: Vendor, actions: ReadonlySet<OffboardAction>): OffboardStep[] {
  const steps: OffboardStep[] = [];
  if (actions.has('REVOKE_ROLES')) {
    const rocksetRoles = user.permissions.filter((p) => vendor === 'rockset' && p.scope.kind === 'ORGANIZATION');
    for (const p of user.permissions) {
      if (p.scope.kind === 'SYSTEM') {
        steps.push(describeStep(user, vendor, 'REVOKE_ROLES', { kind: 'flags', flag: p.role === 'staff' ? 'isStaff' : 'isSupport' }));
      } else if (vendor === 'rockset' && p === rocksetRoles.at(-1)) {
        const reason = 'a Rockset user keeps at least one role: DELETE removes the account';
        steps.push(describeStep(user, vendor, 'REVOKE_ROLES', { kind: 'unsupported', reason, role: p.role }));
      } else {
        steps.push(
          describeStep(user, vendor, 'REVOKE_ROLES', { kind: 'revoke', grant: { role: p.role, scope: { kind: p.scope.kind, id: p.scope.id } } }, p.scope.name),
        );
      }
    }
  }
  if (actions.has('DEACTIVATE')) {
    if (vendor === 'waldur') steps.push(describeStep(user, vendor, 'DEACTIVATE', { kind: 'deactivate' }));
    else {
      const reason =
        vendor === 'dqops'
          ? 'DQOps has no deactivation: REVOKE_ROLES sets the account role to none, which is what it can do'
          : 'Rockset has no deactivation: DELETE removes the account';
      steps.push(describeStep(user, vendor, 'DEACTIVATE', { kind: 'unsupported', reason }));
    }
  }
  if (actions.has('DELETE')) steps.push(describeStep(user, vendor, 'DELETE', { kind: 'delete' }));
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
