import { createUnionType } from 'type-graphql';
import type { UserDetails } from '../sources/model.js';
import { DqopsUserDetailsType } from './dqops-user-details.type.js';
import { RocksetUserDetailsType } from './rockset-user-details.type.js';
import { WaldurUserDetailsType } from './waldur-user-details.type.js';

export const UserDetailsUnion = createUnionType({
  name: 'UserDetails',
  description: 'Everything the vendor documents about the account, typed per vendor.',
  types: () => [DqopsUserDetailsType, WaldurUserDetailsType, RocksetUserDetailsType] as const,
  // type-graphql types `value` as the classes' instances; at run time it is the model object.
  resolveType: (value) => {
    switch ((value as unknown as UserDetails).vendor) {
      case 'dqops':
        return DqopsUserDetailsType;
      case 'waldur':
        return WaldurUserDetailsType;
      case 'rockset':
        return RocksetUserDetailsType;
    }
  },
});
