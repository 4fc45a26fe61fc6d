import { URLResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import type { SourceInfo } from '../sources/model.js';
import type { Capability as CapabilityName, Vendor as VendorName } from '../sources/source.js';
import { Capability } from './capability.enum.js';
import { Vendor } from './vendor.enum.js';

@Directive('@key(fields: "name")')
@ObjectType('Source', { simpleResolvers: true, description: 'A configured upstream instance of a vendor.' })
export class SourceType implements SourceInfo {
  @Field(() => String, { description: 'The name given in the gateway config; unique; what queries and errors call this source.' })
  name!: string;

  @Field(() => Vendor, { description: 'The product behind this source.' })
  vendor!: VendorName;

  @Field(() => URLResolver, { description: 'The base URL the gateway calls.' })
  url!: string;

  @Field(() => [Capability], { description: 'The operations this source supports; any other fails with UNSUPPORTED_BY_SOURCE.' })
  capabilities!: readonly CapabilityName[];
}
