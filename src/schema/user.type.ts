import { DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import type { Permission, UserStatus as Status, UnifiedUser, UserDetails } from '../sources/model.js';
import { UserStatus } from './enums.js';
import { NodeInterface } from './node.interface.js';
import { PermissionType } from './permission.type.js';
import { UserDetailsUnion } from './user-details.union.js';

/**
 * One account in one source. `id`, `source` and `person` are resolved by UserResolver from the
 * model's `source` name and email.
 */
// Federation: other subgraphs refer to an account by its global id (printed only in the subgraph SDL).
@Directive('@key(fields: "id")')
@ObjectType('User', { simpleResolvers: true, implements: NodeInterface, description: 'One account in one source.' })
export class UserType extends NodeInterface implements Omit<UnifiedUser, 'source'> {
  @Field(() => String, { description: "The vendor's own key: the email for DQOps and Rockset (as the vendor spells it), the uuid for Waldur." })
  nativeId!: string;

  @Field(() => EmailAddressResolver, {
    description: 'As the vendor spells it; null where the vendor has none. Person.email is the lower-cased form.',
    nullable: true,
  })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Waldur only; DQOps and Rockset have no usernames.' })
  username!: string | null;

  @Field(() => String, { description: 'Given name; null where the vendor has none (DQOps) or hides it (Rockset, while invited).', nullable: true })
  firstName!: string | null;

  @Field(() => String, { description: 'Family name; null where the vendor has none.', nullable: true })
  lastName!: string | null;

  @Field(() => String, { description: 'The names when there are any, else the email.' })
  displayName!: string;

  @Field(() => UserStatus, { description: 'Whether the account can sign in.' })
  status!: Status;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Null where the vendor does not say (DQOps).' })
  createdAt!: Date | null;

  @Field(() => [PermissionType], { description: 'Normalized roles; a DQOps `none` is no permission and is not listed.' })
  permissions!: Permission[];

  @Field(() => UserDetailsUnion, {
    description: 'Every field the vendor documents for this account, typed per vendor (select with `... on WaldurUserDetails`).',
  })
  details!: UserDetails;
}
