import { Field, ObjectType } from 'type-graphql';
import type { DqopsDataDomainRole, DqopsUserDetails } from '../sources/model.js';

@ObjectType('DqopsDataDomainRole', { simpleResolvers: true, description: 'A DQOps role in one data domain, as DQOps sends it.' })
export class DqopsDataDomainRoleType implements DqopsDataDomainRole {
  @Field(() => String, { description: '`(default)` is the root data domain.' })
  domain!: string;

  @Field(() => String, { description: '`admin`, `editor`, `operator`, `viewer` or `none`.' })
  role!: string;
}

@ObjectType('DqopsUserDetails', { simpleResolvers: true, description: 'DQOps `DqoUserRolesModel`, as the vendor sends it.' })
export class DqopsUserDetailsType implements Omit<DqopsUserDetails, 'vendor'> {
  @Field(() => String, { description: '`admin`, `editor`, `operator`, `viewer` or `none`.' })
  accountRole!: string;

  @Field(() => [DqopsDataDomainRoleType], { description: 'Every data domain, `none` entries included (DQOps fills them in on read).' })
  dataDomainRoles!: DqopsDataDomainRole[];
}
