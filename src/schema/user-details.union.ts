import { createUnionType } from 'type-graphql';
import type { UserDetails } from '../sources/model.js';
import { DqopsUserDetailsType } from './dqops-user-details.type.js';
import { RocksetUserDetailsType } from './rockset-user-details.type.js';
import { WaldurUserDetailsType } from './waldur-user-details.type.js';

/** The GraphQL type of a vendor's details: synchronous, so graphql-jit's compiled queries can call it too (build-schema.ts). */
export function userDetailsTypeName(value: unknown): string | undefined {
  switch ((value as UserDetails).vendor) {
    case 'dqops':
      return 'DqopsUserDetails';
    case 'waldur':
      return 'WaldurUserDetails';
    case 'rockset':
      return 'RocksetUserDetails';
  }
}

export const UserDetailsUnion = createUnionType({
  name: 'UserDetails',
  description: 'Everything the vendor documents about the account, typed per vendor.',
  types: () => [DqopsUserDetailsType, WaldurUserDetailsType, RocksetUserDetailsType] as const,
  resolveType: userDetailsTypeName,
});
