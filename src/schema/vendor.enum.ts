import { registerEnumType } from 'type-graphql';
import type { Vendor as VendorName } from '../sources/source.js';

/** GraphQL names are upper case; the values are the config's lower-case vendor names. */
export const Vendor = {
  DQOPS: 'dqops',
  WALDUR: 'waldur',
  ROCKSET: 'rockset',
} as const satisfies { [K in VendorName as Uppercase<K>]: K };

registerEnumType(Vendor, {
  name: 'Vendor',
  description: 'The product behind a source.',
  valuesConfig: {
    DQOPS: { description: 'DQOps data quality platform (instance API `/api/users`).' },
    WALDUR: { description: 'Waldur cloud/HPC self-service portal (`/api/users/`, customer and project roles).' },
    ROCKSET: { description: 'Rockset search and analytics database (`/v1/orgs/self/users`).' },
  },
});
