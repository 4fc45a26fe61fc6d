import { registerEnumType } from 'type-graphql';
import type { ScopeKind as Kind, PermissionLevel as Level, UserStatus as Status } from '../sources/model.js';

export const UserStatus = { ACTIVE: 'ACTIVE', INVITED: 'INVITED', INACTIVE: 'INACTIVE' } as const satisfies Record<Status, Status>;
registerEnumType(UserStatus, {
  name: 'UserStatus',
  description: 'Whether an account can sign in, on one scale for every vendor.',
  valuesConfig: {
    ACTIVE: { description: 'Can sign in.' },
    INVITED: { description: 'Invited but never signed in (Rockset `NEW`).' },
    INACTIVE: { description: 'Disabled at the vendor (Waldur `is_active: false`).' },
  },
});

export const PermissionLevel = { NONE: 'NONE', VIEW: 'VIEW', OPERATE: 'OPERATE', EDIT: 'EDIT', ADMIN: 'ADMIN', OWNER: 'OWNER' } as const satisfies Record<
  Level,
  Level
>;
registerEnumType(PermissionLevel, {
  name: 'PermissionLevel',
  description: 'A vendor role on one common scale, lowest first. The README has the table per vendor.',
  valuesConfig: {
    NONE: { description: 'A role the gateway cannot place (a custom role); look at `role`.' },
    VIEW: { description: 'Read only.' },
    OPERATE: { description: 'Run things, change nothing structural.' },
    EDIT: { description: 'Change content.' },
    ADMIN: { description: 'Manage the scope, its members included.' },
    OWNER: { description: 'Everything, the scope itself included.' },
  },
});

export const ScopeKind = {
  ACCOUNT: 'ACCOUNT',
  DATA_DOMAIN: 'DATA_DOMAIN',
  ORGANIZATION: 'ORGANIZATION',
  CUSTOMER: 'CUSTOMER',
  PROJECT: 'PROJECT',
  SYSTEM: 'SYSTEM',
} as const satisfies Record<Kind, Kind>;
registerEnumType(ScopeKind, {
  name: 'ScopeKind',
  description: 'What sort of thing a permission applies to; each vendor has its own kinds.',
  valuesConfig: {
    ACCOUNT: { description: 'A whole DQOps account.' },
    DATA_DOMAIN: { description: 'One DQOps data domain; `(default)` is the root one.' },
    ORGANIZATION: { description: 'A Rockset organization.' },
    CUSTOMER: { description: 'A Waldur customer (organization).' },
    PROJECT: { description: 'A Waldur project.' },
    SYSTEM: { description: 'The whole vendor installation (Waldur staff and support).' },
  },
});
